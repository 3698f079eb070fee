"""The organization trail, from the management account: every Region, global service events,
log file validation, KMS, delivered to the Object-Locked archive and to a KMS-encrypted
CloudWatch Logs group kept at least 90 days (the alarms read it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from org.directory import AccountDirectory


def trail_name(blueprint: Blueprint) -> str:
    return f"{blueprint.organization.name}-org-trail"


def trail_arn(blueprint: Blueprint, partition: str) -> str:
    org = blueprint.organization
    management_id = blueprint.management_account_id
    name = trail_name(blueprint)
    return f"arn:{partition}:cloudtrail:{org.home_region}:{management_id}:trail/{name}"


@dataclass(frozen=True)
class OrganizationTrailArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    archive_bucket: pulumi.Input[str]  # the log archive bucket the trail delivers to
    archive_key_arn: pulumi.Input[str]  # the log archive's key
    waits_for: list[pulumi.Resource]  # the archive: its bucket policy must admit the trail


class OrganizationTrail(pulumi.ComponentResource):
    def __init__(self, name: str, args: OrganizationTrailArgs, opts=None):
        super().__init__("org-iam:monitoring:OrganizationTrail", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        archive_bucket, archive_key_arn = args.archive_bucket, args.archive_key_arn
        waits_for, partition = args.waits_for, blueprint.partition
        org = blueprint.organization
        management_id = blueprint.management_account_id
        provider = directory.management.provider
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        arn = trail_arn(blueprint, partition)
        self.key = aws.kms.Key(
            "trail-log-group",
            description="org-iam: the organization trail's log group",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=pulumi.Output.json_dumps(
                documents.log_group_key_policy(partition, org.home_region, management_id)
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, protect=True),
        )
        aws.kms.Alias(
            "trail-log-group",
            name="alias/org-iam-trail-log-group",
            target_key_id=self.key.id,
            opts=child,
        )
        log_group_name = f"/org-iam/cloudtrail/{trail_name(blueprint)}"
        # Known before deployment, so the policy pack judges the delivery policy at preview.
        log_group_arn = (
            f"arn:{partition}:logs:{org.home_region}:{management_id}:log-group:{log_group_name}"
        )
        self.log_group = aws.cloudwatch.LogGroup(
            "org-trail",
            name=log_group_name,
            retention_in_days=blueprint.monitoring.log_group_retention_days,
            kms_key_id=self.key.arn,
            opts=pulumi.ResourceOptions(parent=self, provider=provider, protect=True),
        )
        role = aws.iam.Role(
            "org-trail-to-logs",
            name="org-iam-cloudtrail-to-logs",
            assume_role_policy=pulumi.Output.json_dumps(documents.cloudtrail_logs_trust(arn)),
            opts=child,
        )
        delivery = aws.iam.RolePolicy(
            "org-trail-to-logs",
            role=role.id,
            policy=json.dumps(documents.cloudtrail_logs_policy(log_group_arn)),
            opts=pulumi.ResourceOptions(
                parent=self, provider=provider, depends_on=[self.log_group]
            ),
        )
        self.trail = aws.cloudtrail.Trail(
            "org-trail",
            name=trail_name(blueprint),
            s3_bucket_name=archive_bucket,
            is_organization_trail=True,
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_log_file_validation=True,
            enable_logging=True,
            kms_key_id=archive_key_arn,
            cloud_watch_logs_group_arn=pulumi.Output.concat(self.log_group.arn, ":*"),
            cloud_watch_logs_role_arn=role.arn,
            opts=pulumi.ResourceOptions(
                parent=self, provider=provider, protect=True, depends_on=[delivery, *waits_for]
            ),
        )
        self.register_outputs({"trail_arn": self.trail.arn})
