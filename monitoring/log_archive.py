"""The write-once log archive, in the log archive account through its provider.

An S3 bucket with Object Lock (COMPLIANCE by default: not even root can shorten retention),
versioning, SSE-KMS with a key administered only from the log archive account, public access
blocked, TLS-only, and a lifecycle keeping `immediately_available_days` in S3 Standard before a
colder class until retention ends. An Object-Locked bucket cannot receive S3 server access logs,
so those go to a second, unlocked bucket. Buckets and key are protected and retained on delete.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.bucket_names import LOG_BUCKET_PURPOSES, bucket_prefix
from blueprint.model import Blueprint, Monitoring
from monitoring import documents
from org.directory import AccountDirectory

KEEP = {"protect": True, "retain_on_delete": True}


@dataclass(frozen=True)
class LockedBucketArgs:
    bucket_name: pulumi.Input[str]
    key_arn: pulumi.Input[str]
    monitoring: Monitoring  # the blueprint's lock mode, retention and lifecycle
    provider: aws.Provider  # the log archive account's


class LockedBucket(pulumi.ComponentResource):
    """A versioned, Object-Locked, KMS-encrypted, private bucket with a lifecycle."""

    def __init__(self, name: str, args: LockedBucketArgs, opts=None):
        super().__init__("org-iam:monitoring:LockedBucket", name, None, opts)
        monitoring, provider, key_arn = args.monitoring, args.provider, args.key_arn
        bucket_name = args.bucket_name
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        self.bucket = aws.s3.Bucket(
            name,
            bucket=bucket_name,
            object_lock_enabled=True,
            force_destroy=False,
            tags={"org-iam:purpose": name},
            opts=pulumi.ResourceOptions(parent=self, provider=provider, **KEEP),
        )
        bucket = self.bucket.id
        aws.s3.BucketOwnershipControls(
            name, bucket=bucket, rule={"object_ownership": "BucketOwnerEnforced"}, opts=child
        )
        aws.s3.BucketPublicAccessBlock(
            name,
            bucket=bucket,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        # Object Lock never turns off, so S3 refuses to suspend this bucket's versioning:
        # deleting the resource would fail, hence retained; the lock waits for versioning.
        versioning = aws.s3.BucketVersioning(
            name,
            bucket=bucket,
            versioning_configuration={"status": "Enabled"},
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(retain_on_delete=True)),
        )
        aws.s3.BucketObjectLockConfiguration(
            name,
            bucket=bucket,
            object_lock_enabled="Enabled",
            rule={
                "default_retention": {
                    "mode": monitoring.object_lock_mode,
                    "days": monitoring.log_archive_retention_days,
                }
            },
            opts=pulumi.ResourceOptions.merge(
                child, pulumi.ResourceOptions(depends_on=[versioning])
            ),
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            bucket=bucket,
            rules=[
                {
                    "apply_server_side_encryption_by_default": {
                        "sse_algorithm": "aws:kms",
                        "kms_master_key_id": key_arn,
                    },
                    "bucket_key_enabled": True,
                }
            ],
            opts=child,
        )
        retention = monitoring.log_archive_retention_days
        aws.s3.BucketLifecycleConfiguration(
            name,
            bucket=bucket,
            rules=[
                {
                    "id": "hot-then-cold-then-expire",
                    "status": "Enabled",
                    "filter": {},
                    "transitions": [
                        {"days": monitoring.immediately_available_days, "storage_class": "GLACIER"}
                    ],
                    "expiration": {"days": retention},
                    "noncurrent_version_expiration": {"noncurrent_days": retention},
                    "abort_incomplete_multipart_upload": {"days_after_initiation": 7},
                }
            ],
            opts=child,
        )
        self.register_outputs({"bucket": bucket})


@dataclass(frozen=True)
class LogArchiveArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    trail_arn: str  # the organization trail's, known before it exists


class LogArchive(pulumi.ComponentResource):
    def __init__(self, name: str, args: LogArchiveArgs, opts=None):
        super().__init__("org-iam:monitoring:LogArchive", name, None, opts)
        blueprint, directory, trail_arn = args.blueprint, args.directory, args.trail_arn
        partition = blueprint.partition
        org = blueprint.organization
        archive = directory[org.log_archive_account]
        security = directory[org.security_account]
        management_id = blueprint.management_account_id
        provider = archive.provider
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        self.key = aws.kms.Key(
            "log-archive",
            description="org-iam log archive: CloudTrail and Config",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=pulumi.Output.json_dumps(
                documents.log_archive_key_policy(
                    partition,
                    archive.account_id,
                    security.account_id,
                    trail_arn,
                    management_id,
                    directory.organization_id,
                )
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, **KEEP),
        )
        aws.kms.Alias(
            "log-archive", name="alias/org-iam-log-archive", target_key_id=self.key.id, opts=child
        )
        region = org.home_region

        def bucket_name(purpose: str) -> pulumi.Output[str]:
            return pulumi.Output.concat(
                bucket_prefix(blueprint, purpose), archive.account_id, "-", region
            )

        # Bucket names are known before deployment (the ids are not): the bucket policies are
        # built from them, so the policy pack judges them at the first preview.
        names = {purpose: bucket_name(purpose) for purpose in LOG_BUCKET_PURPOSES}
        self.trail_bucket = LockedBucket(
            "log-archive",
            LockedBucketArgs(names["log-archive"], self.key.arn, blueprint.monitoring, provider),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.s3.BucketPolicy(
            "log-archive",
            bucket=self.trail_bucket.bucket.id,
            policy=pulumi.Output.json_dumps(
                documents.log_archive_bucket_policy(
                    partition,
                    names["log-archive"],
                    trail_arn,
                    management_id,
                    directory.organization_id,
                    security.account_id,
                )
            ),
            opts=child,
        )
        self.config_bucket = LockedBucket(
            "config-history",
            LockedBucketArgs(names["config-history"], self.key.arn, blueprint.monitoring, provider),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.s3.BucketPolicy(
            "config-history",
            bucket=self.config_bucket.bucket.id,
            policy=pulumi.Output.json_dumps(
                documents.config_bucket_policy(
                    partition,
                    names["config-history"],
                    directory.organization_id,
                    security.account_id,
                )
            ),
            opts=child,
        )
        self.access_logs = aws.s3.Bucket(
            "access-logs",
            bucket=names["access-logs"],
            force_destroy=False,
            tags={"org-iam:purpose": "s3-access-logs"},
            opts=pulumi.ResourceOptions(parent=self, provider=provider, retain_on_delete=True),
        )
        aws.s3.BucketPublicAccessBlock(
            "access-logs",
            bucket=self.access_logs.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        aws.s3.BucketVersioning(
            "access-logs",
            bucket=self.access_logs.id,
            versioning_configuration={"status": "Enabled"},
            opts=child,
        )
        # S3 server access logging delivers only to SSE-S3 buckets.
        aws.s3.BucketServerSideEncryptionConfiguration(
            "access-logs",
            bucket=self.access_logs.id,
            rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
            opts=child,
        )
        access_log_policy = aws.s3.BucketPolicy(
            "access-logs",
            bucket=self.access_logs.id,
            policy=pulumi.Output.json_dumps(
                documents.access_log_bucket_policy(
                    partition,
                    names["access-logs"],
                    [names["log-archive"], names["config-history"]],
                    archive.account_id,
                )
            ),
            opts=child,
        )
        for purpose, locked in (
            ("log-archive", self.trail_bucket),
            ("config-history", self.config_bucket),
        ):
            aws.s3.BucketLogging(
                purpose,
                bucket=locked.bucket.id,
                target_bucket=self.access_logs.id,
                target_prefix=pulumi.Output.concat(locked.bucket.id, "/"),
                # S3 checks the target bucket's policy admits the logging service.
                opts=pulumi.ResourceOptions.merge(
                    child, pulumi.ResourceOptions(depends_on=[access_log_policy])
                ),
            )
        self.register_outputs({"bucket": self.trail_bucket.bucket.id})
