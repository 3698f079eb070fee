"""Policy documents of the audit trail: bucket, key and topic policies, the CloudTrail-to-Logs
role, and the break-glass EventBridge pattern.

Pure builders returning dicts. Values may be plain strings or Pulumi Outputs (an account id of
an account created in the same run); components serialise them with `Output.json_dumps`.
"""

from __future__ import annotations

from typing import Any

Value = Any  # str or pulumi.Output[str]


def _s3(partition: str, bucket: Value, *suffix: Value) -> Value:
    """The ARN of a bucket, or of the objects under it when a key suffix is given."""
    return _join([f"arn:{partition}:s3:::", bucket, *suffix])


def _tls_only(partition: str, bucket: Value) -> dict:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [_s3(partition, bucket), _s3(partition, bucket, "/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def _security_account_reads(partition: str, bucket: Value, security_id: Value) -> dict:
    # The security account investigates from the logs; its key grant alone would decrypt
    # nothing it could not first read.
    return {
        "Sid": "SecurityAccountReadsTheLogs",
        "Effect": "Allow",
        "Principal": {"AWS": _join([f"arn:{partition}:iam::", security_id, ":root"])},
        "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
        "Resource": [_s3(partition, bucket), _s3(partition, bucket, "/*")],
    }


def log_archive_bucket_policy(
    partition: str,
    bucket: Value,
    trail_arn: str,
    management_id: str,
    organization_id: Value,
    security_id: Value,
) -> dict:
    """Only TLS, and only this organization's trail may write (its own prefixes); the security
    account may read."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            _tls_only(partition, bucket),
            _security_account_reads(partition, bucket, security_id),
            {
                "Sid": "CloudTrailAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:GetBucketAcl",
                "Resource": _s3(partition, bucket),
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "CloudTrailWritesThisOrganizationTrail",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": [
                    _s3(partition, bucket, f"/AWSLogs/{management_id}/*"),
                    _s3(partition, bucket, "/AWSLogs/", organization_id, "/*"),
                ],
                "Condition": {
                    "StringEquals": {
                        "aws:SourceArn": trail_arn,
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    }
                },
            },
        ],
    }


def config_bucket_policy(
    partition: str, bucket: Value, organization_id: Value, security_id: Value
) -> dict:
    """Only TLS, and only AWS Config of this organization's accounts may write; the security
    account may read."""
    in_org = {"StringEquals": {"aws:SourceOrgID": organization_id}}
    return {
        "Version": "2012-10-17",
        "Statement": [
            _tls_only(partition, bucket),
            _security_account_reads(partition, bucket, security_id),
            {
                "Sid": "ConfigAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "config.amazonaws.com"},
                "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
                "Resource": _s3(partition, bucket),
                "Condition": in_org,
            },
            {
                "Sid": "ConfigWritesThisOrganization",
                "Effect": "Allow",
                "Principal": {"Service": "config.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": _s3(partition, bucket, "/AWSLogs/*/Config/*"),
                "Condition": {
                    "StringEquals": {
                        "aws:SourceOrgID": organization_id,
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    }
                },
            },
        ],
    }


def access_log_bucket_policy(
    partition: str, bucket: Value, source_buckets: list[Value], account_id: Value
) -> dict:
    """S3 server access logs of the locked buckets (which cannot log into themselves)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            _tls_only(partition, bucket),
            {
                "Sid": "S3ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": _s3(partition, bucket, "/*"),
                "Condition": {
                    "ArnLike": {"aws:SourceArn": [_s3(partition, b) for b in source_buckets]},
                    "StringEquals": {"aws:SourceAccount": account_id},
                },
            },
        ],
    }


def log_archive_key_policy(
    partition: str,
    log_archive_id: Value,
    security_id: Value,
    trail_arn: str,
    management_id: str,
    organization_id: Value,
) -> dict:
    """Administered only from the log archive account; CloudTrail encrypts for this trail,
    Config for this organization; the security account may decrypt to read the logs."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AdministeredFromTheLogArchiveAccount",
                "Effect": "Allow",
                "Principal": {"AWS": _join([f"arn:{partition}:iam::", log_archive_id, ":root"])},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudTrailEncryptsThisTrail",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceArn": trail_arn},
                    "StringLike": {
                        "kms:EncryptionContext:aws:cloudtrail:arn": (
                            f"arn:{partition}:cloudtrail:*:{management_id}:trail/*"
                        )
                    },
                },
            },
            {
                "Sid": "CloudTrailDescribesTheKey",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "ConfigEncryptsForThisOrganization",
                "Effect": "Allow",
                "Principal": {"Service": "config.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceOrgID": organization_id}},
            },
            {
                "Sid": "SecurityAccountReadsTheLogs",
                "Effect": "Allow",
                "Principal": {"AWS": _join([f"arn:{partition}:iam::", security_id, ":root"])},
                "Action": ["kms:Decrypt", "kms:DescribeKey"],
                "Resource": "*",
            },
        ],
    }


def _administered_from(partition: str, management_id: str) -> dict:
    return {
        "Sid": "AdministeredFromTheManagementAccount",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:{partition}:iam::{management_id}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


def log_group_key_policy(partition: str, region: str, management_id: str) -> dict:
    """The management account's key for the trail's log group, and nothing else: a key that
    also encrypted the alert topics would silence the logs and the alarms at once."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            _administered_from(partition, management_id),
            {
                "Sid": "CloudWatchLogsEncryptsItsLogGroups",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                "Resource": "*",
                # The encryption context is a String key: StringLike, not ArnLike.
                "Condition": {
                    "StringLike": {
                        "kms:EncryptionContext:aws:logs:arn": (
                            f"arn:{partition}:logs:{region}:{management_id}:log-group:*"
                        )
                    }
                },
            },
            {
                # DescribeKey carries no encryption context, so it cannot share that condition.
                "Sid": "CloudWatchLogsDescribesTheKey",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": management_id}},
            },
        ],
    }


def alert_topic_key_policy(partition: str, management_id: str) -> dict:
    """The management account's key for the alert topics only (see log_group_key_policy)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            _administered_from(partition, management_id),
            {
                "Sid": "AlarmsAndEventsPublishToEncryptedTopics",
                "Effect": "Allow",
                "Principal": {"Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": management_id}},
            },
        ],
    }


def topic_policy(topic_arn: Value, management_id: str) -> dict:
    """CloudWatch alarms and EventBridge rules of the management account may publish; TLS only."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AlarmsAndEventsPublish",
                "Effect": "Allow",
                "Principal": {"Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]},
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {"StringEquals": {"aws:SourceAccount": management_id}},
            },
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }


def cloudtrail_logs_trust(trail_arn: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ThisTrailOnly",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            }
        ],
    }


def cloudtrail_logs_policy(log_group_arn: Value) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DeliverToTheTrailLogGroup",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": _join([log_group_arn, ":log-stream:*"]),
            }
        ],
    }


def break_glass_event_pattern(management_id: str, users: tuple[str, ...], role_name: str) -> dict:
    """Every console sign-in of a break-glass user, and every assumption of the role."""
    return {
        "$or": [
            {
                "detail-type": ["AWS Console Sign In via CloudTrail"],
                "detail": {
                    "userIdentity": {
                        "type": ["IAMUser"],
                        "accountId": [management_id],
                        "userName": sorted(users),
                    }
                },
            },
            {
                "detail-type": ["AWS API Call via CloudTrail"],
                "detail": {
                    "eventSource": ["sts.amazonaws.com"],
                    "eventName": ["AssumeRole"],
                    "requestParameters": {"roleArn": [{"suffix": f":role/{role_name}"}]},
                },
            },
        ]
    }


# Management events that would make the monitoring keys (which no SCP protects in the
# management account) stop encrypting: alerted at once, not through a log group they encrypt.
KEY_TAMPERING_EVENTS = ("DisableKey", "DisableKeyRotation", "PutKeyPolicy", "ScheduleKeyDeletion")


def key_tampering_event_pattern() -> dict:
    return {
        "source": ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {"eventSource": ["kms.amazonaws.com"], "eventName": list(KEY_TAMPERING_EVENTS)},
    }


def external_access_finding_pattern() -> dict:
    """IAM Access Analyzer's new or reopened findings: a resource shared outside the zone of
    trust (the organization)."""
    return {
        "source": ["aws.access-analyzer"],
        "detail-type": ["Access Analyzer Finding"],
        "detail": {"status": ["ACTIVE"]},
    }


def config_service_trust(account_id: Value) -> dict:
    """AWS Config, acting for this account only (confused-deputy guard)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "config.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }
        ],
    }


def default_event_bus(partition: str, region: str, account_id: str) -> str:
    return f"arn:{partition}:events:{region}:{account_id}:event-bus/default"


def event_forwarder_trust(account_id: str) -> dict:
    """EventBridge rules of this account only may forward through the role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EventBridgeOfThisAccount",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }
        ],
    }


def event_forwarder_policy(bus_arn: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PutOnTheHomeRegionBus",
                "Effect": "Allow",
                "Action": "events:PutEvents",
                "Resource": bus_arn,
            }
        ],
    }


def _join(parts: list[Value]) -> Value:
    """Concatenate strings, or Outputs when any part is one."""
    if all(isinstance(p, str) for p in parts):
        return "".join(parts)
    # An Output's own class concatenates, so this module stays free of Pulumi.
    output = next(p for p in parts if not isinstance(p, str))
    return type(output).concat(*parts)
