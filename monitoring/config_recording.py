"""AWS Config in every account and allowed Region: a service-managed StackSet for the member
accounts (it also reaches accounts created later), direct resources for the management account
(which StackSets never target), and an organization aggregator in the security account."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from monitoring.config_template import RECORDER_NAME, RECORDER_ROLE, config_template
from org.directory import AccountDirectory


def _regions(blueprint: Blueprint) -> list[str]:
    home = blueprint.organization.home_region
    return [home, *sorted(r for r in blueprint.organization.allowed_regions if r != home)]


@dataclass(frozen=True)
class ConfigRecordingArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    bucket: pulumi.Input[str]  # the Config history bucket in the log archive
    key_arn: pulumi.Input[str]  # the log archive's key


class ConfigRecording(pulumi.ComponentResource):
    def __init__(self, name: str, args: ConfigRecordingArgs, opts=None):
        super().__init__("org-iam:monitoring:ConfigRecording", name, None, opts)
        blueprint, directory, bucket, key_arn = (
            args.blueprint,
            args.directory,
            args.bucket,
            args.key_arn,
        )
        partition = blueprint.partition
        home = blueprint.organization.home_region
        regions = _regions(blueprint)
        management = pulumi.ResourceOptions(
            parent=self, provider=directory.management.provider, depends_on=directory.delegations
        )
        stack_set = aws.cloudformation.StackSet(
            "config-recording",
            name="org-iam-config-recording",
            description="org-iam: AWS Config recording in every member account and allowed Region",
            permission_model="SERVICE_MANAGED",
            auto_deployment={"enabled": True, "retain_stacks_on_account_removal": False},
            capabilities=["CAPABILITY_NAMED_IAM"],
            managed_execution={"active": True},
            parameters={"DeliveryBucket": bucket, "KmsKeyArn": key_arn, "HomeRegion": home},
            template_body=json.dumps(config_template(), sort_keys=True),
            opts=management,
        )
        # The home Region first: its stack creates the recorder role the others use.
        aws.cloudformation.StackInstances(
            "config-recording",
            stack_set_name=stack_set.name,
            deployment_targets={"organizational_unit_ids": [directory.root_id]},
            regions=regions,
            operation_preferences={
                "region_orders": regions,
                "region_concurrency_type": "SEQUENTIAL",
                "max_concurrent_percentage": 25,
                "failure_tolerance_percentage": 10,
            },
            opts=management,
        )
        self._management(blueprint, directory, bucket, key_arn, partition, regions)
        self.register_outputs({"stack_set": stack_set.name})

    def _management(self, blueprint, directory, bucket, key_arn, partition, regions) -> None:
        management_id = blueprint.management_account_id
        role = aws.iam.Role(
            "config-recorder@management",
            name=RECORDER_ROLE,
            assume_role_policy=json.dumps(documents.config_service_trust(management_id)),
            opts=pulumi.ResourceOptions(parent=self, provider=directory.management.provider),
        )
        aws.iam.RolePolicyAttachment(
            "config-recorder@management",
            role=role.name,
            policy_arn=f"arn:{partition}:iam::aws:policy/service-role/AWS_ConfigRole",
            opts=pulumi.ResourceOptions(parent=self, provider=directory.management.provider),
        )
        home = blueprint.organization.home_region
        for region in regions:
            provider = directory.management_regional[region]
            recorder = aws.cfg.Recorder(
                f"config@management:{region}",
                name=RECORDER_NAME,
                role_arn=role.arn,
                recording_group={
                    "all_supported": True,
                    "include_global_resource_types": region == home,
                },
                opts=pulumi.ResourceOptions(parent=self, provider=provider),
            )
            channel = aws.cfg.DeliveryChannel(
                f"config@management:{region}",
                name=RECORDER_NAME,
                s3_bucket_name=bucket,
                s3_kms_key_arn=key_arn,
                opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[recorder]),
            )
            aws.cfg.RecorderStatus(
                f"config@management:{region}",
                name=recorder.name,
                is_enabled=True,
                opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[channel]),
            )
