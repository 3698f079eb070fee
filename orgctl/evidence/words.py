"""Plain words for Pulumi type tokens: an auditor reads 'CloudTrail trail', not
'aws:cloudtrail/trail:Trail'. Known services get their AWS names; the rest are spelled out
from the token, so a new resource type never prints as a token."""

from __future__ import annotations

import re

SERVICES = {
    "accessanalyzer": "IAM Access Analyzer",
    "cfg": "AWS Config",
    "cloudformation": "CloudFormation",
    "cloudtrail": "CloudTrail",
    "cloudwatch": "CloudWatch",
    "ebs": "EBS",
    "ec2": "EC2",
    "guardduty": "GuardDuty",
    "iam": "IAM",
    "identitystore": "Identity Store",
    "kms": "KMS",
    "organizations": "Organizations",
    "s3": "S3",
    "securityhub": "Security Hub",
    "sns": "SNS",
    "ssoadmin": "Identity Center",
}

# Where spelling out the class name would mislead or stutter.
OVERRIDES = {
    "aws:organizations/policy:Policy": "service control policy",
    "aws:organizations/policyAttachment:PolicyAttachment": "SCP attachment",
    "aws:organizations/account:Account": "AWS account",
    "aws:organizations/organization:Organization": "AWS organization",
    "aws:organizations/organizationalUnit:OrganizationalUnit": "organizational unit",
    "aws:iam/policy:Policy": "IAM managed policy",
    "aws:cloudwatch/eventRule:EventRule": "EventBridge rule",
    "aws:cloudwatch/eventTarget:EventTarget": "EventBridge target",
    "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs log group",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": "CloudWatch Logs metric filter",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "CloudWatch alarm",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "S3 Object Lock setting",
    "aws:cfg/recorder:Recorder": "AWS Config recorder",
    "aws:iam/organizationsFeatures:OrganizationsFeatures": "IAM centralized root access",
    "aws:cloudformation/stackSet:StackSet": "CloudFormation StackSet",
    "pulumi:providers:aws": "AWS provider (Pulumi)",
}


def _spell(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def plain_type(token: str) -> str:
    if token in OVERRIDES:
        return OVERRIDES[token]
    package, _, rest = token.partition(":")
    module, _, kind = rest.partition(":")
    if package == "aws":
        service = SERVICES.get(module.split("/", 1)[0], module.split("/", 1)[0])
        return f"{service} {_spell(kind)}"
    if package == "org-iam":
        return f"org-iam {_spell(kind)} (component)"
    return token
