"""Organization-wide security services, run by the security tooling account as delegated
administrator: GuardDuty (every allowed Region), Security Hub with the PCI DSS, AWS Foundational
Security Best Practices and CIS standards (central configuration: every account, every allowed
Region), IAM Access Analyzer (an organization analyzer in every allowed Region, one
unused-access analyzer), and AWS Config recording in every account and allowed Region into the
log archive (monitoring.config_recording), aggregated in the security account. Each switchable
in the blueprint."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from monitoring.config_recording import ConfigRecording, ConfigRecordingArgs
from org.directory import AccountDirectory

# PCI-DSS 8.2.6: accounts unused for 90 days are findings.
UNUSED_ACCESS_DAYS = 90
STANDARDS = (
    "standards/pci-dss/v/4.0.1",
    "standards/aws-foundational-security-best-practices/v/1.0.0",
    "standards/cis-aws-foundations-benchmark/v/3.0.0",
)


@dataclass(frozen=True)
class SecurityServicesArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    config_bucket: pulumi.Input[str]  # the Config history bucket in the log archive
    config_key_arn: pulumi.Input[str]  # the log archive's key


class SecurityServices(pulumi.ComponentResource):
    def __init__(self, name: str, args: SecurityServicesArgs, opts=None):
        super().__init__("org-iam:monitoring:SecurityServices", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        config_bucket, config_key_arn = args.config_bucket, args.config_key_arn
        partition = blueprint.partition
        monitoring = blueprint.monitoring
        home = blueprint.organization.home_region
        waits = directory.delegations

        def in_security(region: str, *after: pulumi.Resource) -> pulumi.ResourceOptions:
            return pulumi.ResourceOptions(
                parent=self,
                provider=directory.security_regional[region],
                depends_on=[*waits, *after],
            )

        regions = sorted(directory.security_regional)
        if monitoring.guardduty:
            for region in regions:
                detector = aws.guardduty.Detector(
                    f"guardduty-{region}", enable=True, opts=in_security(region)
                )
                aws.guardduty.OrganizationConfiguration(
                    f"guardduty-{region}",
                    detector_id=detector.id,
                    auto_enable_organization_members="ALL",
                    opts=in_security(region),
                )
        if monitoring.security_hub:
            self._security_hub(home, regions, directory.root_id, partition, in_security)
        if monitoring.access_analyzer:
            # External access is judged per Region (CIS 1.20): one analyzer in each.
            for region in regions:
                aws.accessanalyzer.Analyzer(
                    "organization" if region == home else f"organization:{region}",
                    analyzer_name="org-iam-organization",
                    type="ORGANIZATION",
                    opts=in_security(region),
                )
            # Unused access is about IAM, a global service: one analyzer covers it.
            aws.accessanalyzer.Analyzer(
                "organization-unused-access",
                analyzer_name="org-iam-unused-access",
                type="ORGANIZATION_UNUSED_ACCESS",
                configuration={"unused_access": {"unused_access_age": UNUSED_ACCESS_DAYS}},
                opts=in_security(home),
            )
        if monitoring.config:
            self._config(blueprint, directory, config_bucket, config_key_arn, partition)
        self.register_outputs({})

    def _security_hub(self, home, regions, root_id, partition, in_security) -> None:
        """Security Hub central configuration: one policy, made in the home Region, enables the
        service, the standards and every control (new ones included) in every account of the
        organization and every allowed Region. Accounts created later are covered by the root
        association; no account can switch its own standards off."""
        hub = aws.securityhub.Account(
            f"securityhub-{home}", enable_default_standards=False, opts=in_security(home)
        )
        linked = [region for region in regions if region != home]
        aggregator = aws.securityhub.FindingAggregator(
            f"securityhub-{home}",
            linking_mode="SPECIFIED_REGIONS" if linked else "NO_REGIONS",
            specified_regions=linked or None,
            opts=in_security(home, hub),
        )
        central = aws.securityhub.OrganizationConfiguration(
            f"securityhub-{home}",
            auto_enable=False,
            auto_enable_standards="NONE",
            organization_configuration={"configuration_type": "CENTRAL"},
            opts=in_security(home, aggregator),
        )
        policy = aws.securityhub.ConfigurationPolicy(
            "securityhub-org-iam",
            name="org-iam",
            description="Security Hub, PCI DSS, FSBP and CIS standards, all controls (org-iam).",
            configuration_policy={
                "service_enabled": True,
                "enabled_standard_arns": [
                    f"arn:{partition}:securityhub:{home}::{standard}" for standard in STANDARDS
                ],
                "security_controls_configuration": {"disabled_control_identifiers": []},
            },
            opts=in_security(home, central),
        )
        aws.securityhub.ConfigurationPolicyAssociation(
            "securityhub-root",
            target_id=root_id,
            policy_id=policy.id,
            opts=in_security(home),
        )

    def _config(self, blueprint, directory, bucket, key_arn, partition) -> None:
        ConfigRecording(
            "config-recording",
            ConfigRecordingArgs(blueprint, directory, bucket, key_arn),
            opts=pulumi.ResourceOptions(parent=self),
        )
        home = blueprint.organization.home_region
        aggregator_role = aws.iam.Role(
            "config-aggregator",
            name="org-iam-config-aggregator",
            assume_role_policy=pulumi.Output.json_dumps(
                documents.config_service_trust(
                    directory[blueprint.organization.security_account].account_id
                )
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=directory.security_regional[home]),
        )
        aws.iam.RolePolicyAttachment(
            "config-aggregator",
            role=aggregator_role.name,
            policy_arn=f"arn:{partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations",
            opts=pulumi.ResourceOptions(parent=self, provider=directory.security_regional[home]),
        )
        aws.cfg.ConfigurationAggregator(
            "organization",
            name="org-iam-organization",
            organization_aggregation_source={"all_regions": True, "role_arn": aggregator_role.arn},
            opts=pulumi.ResourceOptions(
                parent=self,
                provider=directory.security_regional[home],
                depends_on=directory.delegations,
            ),
        )
