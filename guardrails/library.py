"""The SCP statement library: each guardrail as data, with its Sid, the reason it exists and the
controls it serves, so the evidence report can print why every statement is there.

Every statement is a Deny (SCPs never grant). Statements that could lock the organization out
exempt the deployment roles and, where an emergency needs it, the break-glass role. Nothing here
imports Pulumi.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from guardrails.context import SSO_ROLE_PATH, GuardrailContext

# AWS Organizations' documented Region-deny example: global services with a single endpoint
# (mostly us-east-1) that a Region deny must not block.
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
GLOBAL_SERVICE_ACTIONS = (
    "a4b:*",
    "acm:*",
    "aws-marketplace-management:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "chime:*",
    "cloudfront:*",
    "config:*",
    "cur:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "fms:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "kms:*",
    "mobileanalytics:*",
    "networkmanager:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "s3:GetAccountPublic*",
    "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints",
    "s3:PutAccountPublic*",
    "shield:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
    "wellarchitected:*",
)

# Actions whose loss is hard to undo; an IAM user (the only principal type that can hold
# long-term keys) must have signed in with MFA to perform them.
DESTRUCTIVE_ACTIONS = (
    "cloudformation:DeleteStack",
    "dynamodb:DeleteTable",
    "ec2:DeleteVpc",
    "ec2:TerminateInstances",
    "iam:DeletePolicy",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "kms:ScheduleKeyDeletion",
    "rds:DeleteDBCluster",
    "rds:DeleteDBInstance",
    "s3:DeleteBucket",
)


@dataclass(frozen=True)
class Controls:
    soc2: tuple[str, ...] = ()
    pci_dss: tuple[str, ...] = ()
    cis_aws: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuardrailStatement:
    sid: str
    reason: str
    controls: Controls
    build: Callable[[GuardrailContext], dict]

    def render(self, ctx: GuardrailContext) -> dict:
        return {"Sid": self.sid, "Effect": "Deny", **self.build(ctx)}


def _unless(principals: list[str]) -> dict:
    return {"ArnNotLike": {"aws:PrincipalArn": principals}}


def _deny_root(ctx: GuardrailContext) -> dict:
    # aws:PrincipalType is 'Account' for root (never 'Root'), so match the root ARN as AWS's
    # samples do; centralized-root-access sessions (sts:AssumeRoot) carry aws:AssumedRoot.
    return {
        "Action": "*",
        "Resource": "*",
        "Condition": {
            "ArnLike": {"aws:PrincipalArn": f"arn:{ctx.partition}:iam::*:root"},
            "Null": {"aws:AssumedRoot": "true"},
        },
    }


def _deny_leave(ctx: GuardrailContext) -> dict:
    return {"Action": "organizations:LeaveOrganization", "Resource": "*"}


def _protect_cloudtrail(ctx: GuardrailContext) -> dict:
    return {
        "Action": [
            "cloudtrail:DeleteTrail",
            "cloudtrail:PutEventSelectors",
            "cloudtrail:PutInsightSelectors",
            "cloudtrail:StopLogging",
            "cloudtrail:UpdateTrail",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _protect_log_archive(ctx: GuardrailContext) -> dict:
    bucket = f"arn:{ctx.partition}:s3:::{ctx.log_archive_bucket_prefix}*"
    return {
        "Action": [
            "s3:BypassGovernanceRetention",
            "s3:DeleteBucket",
            "s3:DeleteBucketPolicy",
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:PutBucketAcl",
            "s3:PutBucketObjectLockConfiguration",
            "s3:PutBucketPolicy",
            "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketVersioning",
            "s3:PutEncryptionConfiguration",
            "s3:PutLifecycleConfiguration",
            "s3:PutObjectLegalHold",
            "s3:PutObjectRetention",
            "s3:PutReplicationConfiguration",
        ],
        "Resource": [bucket, f"{bucket}/*"],
        "Condition": _unless(ctx.deployer_arns),
    }


def _protect_security_services(ctx: GuardrailContext) -> dict:
    return {
        "Action": [
            "access-analyzer:DeleteAnalyzer",
            "config:DeleteConfigurationRecorder",
            "config:DeleteDeliveryChannel",
            "config:StopConfigurationRecorder",
            "guardduty:DeleteDetector",
            "guardduty:DeleteMembers",
            "guardduty:DisassociateFromAdministratorAccount",
            "guardduty:DisassociateFromMasterAccount",
            "guardduty:DisassociateMembers",
            "guardduty:StopMonitoringMembers",
            "guardduty:UpdateDetector",
            "macie2:DisableMacie",
            "macie2:DisassociateFromAdministratorAccount",
            "macie2:DisassociateFromMasterAccount",
            "securityhub:BatchDisableStandards",
            "securityhub:DeleteConfigurationPolicy",
            "securityhub:DeleteFindingAggregator",
            "securityhub:DeleteMembers",
            "securityhub:DisableSecurityHub",
            "securityhub:DisassociateFromAdministratorAccount",
            "securityhub:DisassociateFromMasterAccount",
            "securityhub:DisassociateMembers",
            "securityhub:StartConfigurationPolicyDisassociation",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _deny_outside_regions(ctx: GuardrailContext) -> dict:
    return {
        "NotAction": list(GLOBAL_SERVICE_ACTIONS),
        "Resource": "*",
        "Condition": {
            "StringNotEquals": {"aws:RequestedRegion": list(ctx.allowed_regions)},
            **_unless(ctx.emergency_arns),
        },
    }


def _deny_iam_users(ctx: GuardrailContext) -> dict:
    # Break-glass users live in the management account, which SCPs never restrict.
    return {
        "Action": [
            "iam:CreateAccessKey",
            "iam:CreateLoginProfile",
            "iam:CreateUser",
            "iam:UpdateLoginProfile",
        ],
        "Resource": "*",
    }


def _protect_access_roles(ctx: GuardrailContext) -> dict:
    names = sorted({ctx.access_role, *ctx.deployment_roles, ctx.break_glass_role})
    roles = [f"arn:{ctx.partition}:iam::*:role/{name}" for name in names]
    roles.append(f"arn:{ctx.partition}:iam::*:role/{SSO_ROLE_PATH}*")
    return {
        "Action": [
            "iam:AttachRolePolicy",
            "iam:DeleteRole",
            "iam:DeleteRolePermissionsBoundary",
            "iam:DeleteRolePolicy",
            "iam:DetachRolePolicy",
            "iam:PutRolePermissionsBoundary",
            "iam:PutRolePolicy",
            "iam:TagRole",
            "iam:UntagRole",
            "iam:UpdateAssumeRolePolicy",
            "iam:UpdateRole",
            "iam:UpdateRoleDescription",
        ],
        "Resource": roles,
        "Condition": _unless(ctx.deployer_arns),
    }


def _protect_boundaries(ctx: GuardrailContext) -> dict:
    # Attaching this with no boundaries defined is a validation error (guardrails.validation).
    policies = [f"arn:{ctx.partition}:iam::*:policy/{name}" for name in ctx.boundary_policies]
    return {
        "Action": [
            "iam:CreatePolicyVersion",
            "iam:DeletePolicy",
            "iam:DeletePolicyVersion",
            "iam:SetDefaultPolicyVersion",
            "iam:TagPolicy",
            "iam:UntagPolicy",
        ],
        "Resource": policies,
        "Condition": _unless(ctx.deployer_arns),
    }


def _protect_secure_defaults(ctx: GuardrailContext) -> dict:
    return {
        "Action": [
            "ec2:DisableEbsEncryptionByDefault",
            "ec2:DisableImageBlockPublicAccess",
            "ec2:DisableSnapshotBlockPublicAccess",
            "s3:PutAccountPublicAccessBlock",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _require_mfa(ctx: GuardrailContext) -> dict:
    # Only IAM users can hold long-term keys; their requests lack aws:MultiFactorAuthPresent
    # (hence IfExists). Identity Center and other role sessions are AssumedRole principals and
    # never match, however their MFA was done (AWS does not assert the key for SAML sessions).
    return {
        "Action": list(DESTRUCTIVE_ACTIONS),
        "Resource": "*",
        "Condition": {
            "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
            "StringEquals": {"aws:PrincipalType": "User"},
            "Bool": {"aws:ViaAWSService": "false"},
        },
    }


def _deny_all(ctx: GuardrailContext) -> dict:
    return {"Action": "*", "Resource": "*", "Condition": _unless(ctx.emergency_arns)}


_ROOT = Controls(("CC6.1", "CC6.3"), ("7.2.1", "8.2.2", "8.6.1"), ("1.4", "1.7"))
_LOGGING = Controls(("CC7.2", "CC8.1"), ("10.2.1", "10.3.2", "10.3.3"), ("3.1",))

LIBRARY: dict[str, GuardrailStatement] = {
    statement.sid: statement
    for statement in (
        GuardrailStatement(
            "DenyRootUser",
            "The root user of a member account does nothing; root tasks go through "
            "centralized AssumeRoot sessions.",
            _ROOT,
            _deny_root,
        ),
        GuardrailStatement(
            "DenyLeaveOrganization",
            "An account that leaves the organization escapes every guardrail and the org trail.",
            Controls(("CC6.1", "CC8.1"), ("10.2.1", "12.5.2")),
            _deny_leave,
        ),
        GuardrailStatement(
            "ProtectCloudTrail",
            "Nobody but the deployers may stop, delete or reconfigure a trail.",
            _LOGGING,
            _protect_cloudtrail,
        ),
        GuardrailStatement(
            "ProtectLogArchive",
            "The log archive bucket, its policy, lock and lifecycle are changed only by the "
            "deployers.",
            Controls(("CC7.2",), ("10.3.2", "10.3.3", "10.5.1")),
            _protect_log_archive,
        ),
        GuardrailStatement(
            "ProtectSecurityServices",
            "GuardDuty, Security Hub, Config, Access Analyzer and Macie stay on and connected "
            "to the delegated administrator; Security Hub's central configuration stays as "
            "deployed.",
            Controls(("CC7.2", "CC7.3"), ("10.7.2", "11.5.1"), ("3.5", "1.20")),
            _protect_security_services,
        ),
        GuardrailStatement(
            "DenyOutsideAllowedRegions",
            "Regional services only in the allowed regions; global services, deployers and "
            "break-glass are exempt.",
            Controls(("CC6.1", "CC6.6"), ("12.5.2",)),
            _deny_outside_regions,
        ),
        GuardrailStatement(
            "DenyIamUsersAndKeys",
            "People sign in through Identity Center; IAM users and long-term keys exist only "
            "for break-glass in the management account.",
            Controls(("CC6.1", "CC6.2"), ("8.2.1", "8.2.2", "8.6.2"), ("1.4",)),
            _deny_iam_users,
        ),
        GuardrailStatement(
            "ProtectAccessRoles",
            "The access, deployment, break-glass and Identity Center roles cannot be altered "
            "from inside an account.",
            Controls(("CC6.1", "CC6.3", "CC8.1"), ("7.2.1", "8.6.1")),
            _protect_access_roles,
        ),
        GuardrailStatement(
            "ProtectBoundaryPolicies",
            "Permission boundary policies cannot be rewritten or deleted, so the cap on "
            "engineer-created roles holds.",
            Controls(("CC6.1", "CC6.3"), ("7.2.2", "7.2.5")),
            _protect_boundaries,
        ),
        GuardrailStatement(
            "ProtectSecureDefaults",
            "EBS default encryption and the S3, AMI and snapshot public-access blocks stay on.",
            Controls(("CC6.1", "CC6.7"), ("3.5.1",), ("2.1.4", "2.2.1")),
            _protect_secure_defaults,
        ),
        GuardrailStatement(
            "RequireMfaForDestructiveActions",
            "IAM users without an MFA sign-in cannot delete VPCs, buckets, databases, keys or "
            "roles; Identity Center sessions are never matched.",
            Controls(("CC6.1",), ("8.4.2", "8.5.1")),
            _require_mfa,
        ),
        GuardrailStatement(
            "DenyAll",
            "Quarantine: every action is denied except to deployers and break-glass.",
            Controls(("CC6.2", "CC6.3"), ("8.2.6",)),
            _deny_all,
        ),
    )
}

QUARANTINE_SID = "DenyAll"
