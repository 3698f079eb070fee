"""IAM Access Analyzer's external-access findings to the alert topic.

The organization analyzers run in the security account (the delegated administrator), one per
allowed Region, and each Region's findings reach that Region's event bus there. A rule in each
forwards them to the management account's home-Region bus, where one rule sends them to the
alert topic: a role trusting a foreign account or a bucket shared outside the organization pages
security within minutes, not at the next review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from org.directory import AccountDirectory


@dataclass(frozen=True)
class ExternalAccessAlertsArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    topic: aws.sns.Topic  # the alert topic findings go to


class ExternalAccessAlerts(pulumi.ComponentResource):
    def __init__(self, name: str, args: ExternalAccessAlertsArgs, opts=None):
        super().__init__("org-iam:monitoring:ExternalAccessAlerts", name, None, opts)
        blueprint, directory, topic = args.blueprint, args.directory, args.topic
        org = blueprint.organization
        home = org.home_region
        management_id = blueprint.management_account_id
        security = directory[org.security_account]
        pattern = json.dumps(documents.external_access_finding_pattern())
        in_management = pulumi.ResourceOptions(parent=self, provider=directory.management.provider)
        home_bus = documents.default_event_bus(blueprint.partition, home, management_id)
        permission = aws.cloudwatch.EventPermission(
            "security-account-findings",
            principal=security.account_id,
            statement_id="org-iam-security-account-findings",
            opts=in_management,
        )
        rule = aws.cloudwatch.EventRule(
            "external-access-findings",
            name="org-iam-external-access-findings",
            description="IAM Access Analyzer: access from outside the organization",
            event_pattern=pattern,
            opts=in_management,
        )
        aws.cloudwatch.EventTarget(
            "external-access-findings", rule=rule.name, arn=topic.arn, opts=in_management
        )
        in_security = pulumi.ResourceOptions(
            parent=self, provider=directory.security_regional[home]
        )
        role = aws.iam.Role(
            "findings-forwarder",
            name="org-iam-findings-forwarder",
            assume_role_policy=pulumi.Output.json_dumps(
                documents.event_forwarder_trust(security.account_id)
            ),
            opts=in_security,
        )
        forwarding = aws.iam.RolePolicy(
            "findings-forwarder",
            role=role.id,
            policy=json.dumps(documents.event_forwarder_policy(home_bus)),
            opts=in_security,
        )
        for region, provider in sorted(directory.security_regional.items()):
            regional = aws.cloudwatch.EventRule(
                f"external-access-findings:{region}",
                name="org-iam-external-access-findings",
                description=f"Access Analyzer findings in {region}, to the management account",
                event_pattern=pattern,
                opts=pulumi.ResourceOptions(parent=self, provider=provider),
            )
            aws.cloudwatch.EventTarget(
                f"external-access-findings:{region}",
                rule=regional.name,
                arn=home_bus,
                role_arn=role.arn,
                opts=pulumi.ResourceOptions(
                    parent=self, provider=provider, depends_on=[forwarding, permission]
                ),
            )
        self.register_outputs({})
