"""The account-level secure defaults that the ProtectSecureDefaults guardrail keeps on, turned on
in every account and allowed Region: the S3 account public access block, EBS encryption by
default, and block public access for EBS snapshots and AMIs. A guardrail that only forbids
switching a default off proves nothing while the default was never switched on."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from org.directory import AccountDirectory


@dataclass(frozen=True)
class AccountSecureDefaultsArgs:
    directory: AccountDirectory


class AccountSecureDefaults(pulumi.ComponentResource):
    def __init__(self, name: str, args: AccountSecureDefaultsArgs, opts=None):
        super().__init__("org-iam:guardrails:AccountSecureDefaults", name, None, opts)
        for key, entry in sorted(args.directory.entries.items()):
            # S3's account-level block is global: one per account.
            aws.s3.AccountPublicAccessBlock(
                key,
                block_public_acls=True,
                block_public_policy=True,
                ignore_public_acls=True,
                restrict_public_buckets=True,
                opts=pulumi.ResourceOptions(parent=self, provider=entry.provider),
            )
            for region, provider in sorted(entry.regional.items()):
                in_region = pulumi.ResourceOptions(parent=self, provider=provider)
                aws.ebs.EncryptionByDefault(f"{key}:{region}", enabled=True, opts=in_region)
                aws.ebs.SnapshotBlockPublicAccess(
                    f"{key}:{region}", state="block-all-sharing", opts=in_region
                )
                aws.ec2.ImageBlockPublicAccess(
                    f"{key}:{region}", state="block-new-sharing", opts=in_region
                )
        self.register_outputs({})
