"""The SCP statement library: each guardrail as data, with its Sid, the reason it exists and the
controls it serves, so the evidence report can print why every statement is there.

Every statement is a Deny (SCPs never grant). Statements that could lock the organization out
exempt the deployment roles and, where an emergency needs it, the break-glass role. Nothing here
imports Pulumi.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blueprint.control_ids import Controls
from blueprint.iam_actions import POLICY_TAMPERING_ACTIONS
from guardrails.context import KEY_ALIAS_PREFIX, SSO_ROLE_PATH, GuardrailContext

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
    buckets = [f"arn:{ctx.partition}:s3:::{prefix}*" for prefix in ctx.log_bucket_prefixes]
    return {
        "Action": [
            "s3:BypassGovernanceRetention",
            "s3:DeleteBucket",
            "s3:DeleteBucketPolicy",
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:PutBucketAcl",
            "s3:PutBucketLogging",
            "s3:PutBucketObjectLockConfiguration",
            "s3:PutBucketOwnershipControls",
            "s3:PutBucketPolicy",
            "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketVersioning",
            "s3:PutEncryptionConfiguration",
            "s3:PutLifecycleConfiguration",
            "s3:PutObjectAcl",
            "s3:PutObjectLegalHold",
            "s3:PutObjectRetention",
            "s3:PutReplicationConfiguration",
        ],
        "Resource": sorted({*buckets, *(f"{bucket}/*" for bucket in buckets)}),
        "Condition": _unless(ctx.deployer_arns),
    }


def _org_iam_keys(ctx: GuardrailContext) -> dict:
    return {"ForAnyValue:StringLike": {"kms:ResourceAliases": f"{KEY_ALIAS_PREFIX}*"}}


def _protect_log_keys(ctx: GuardrailContext) -> dict:
    # Object Lock keeps the log objects; the keys keep them readable.
    return {
        "Action": [
            "kms:CreateGrant",
            "kms:DeleteImportedKeyMaterial",
            "kms:DisableKeyRotation",
            "kms:PutKeyPolicy",
            "kms:TagResource",
            "kms:UntagResource",
            "kms:UpdateKeyDescription",
        ],
        "Resource": "*",
        "Condition": {**_org_iam_keys(ctx), **_unless(ctx.deployer_arns)},
    }


def _protect_log_key_aliases(ctx: GuardrailContext) -> dict:
    # Moving an alias off a key would take the key out of the statements above.
    return {
        "Action": ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
        "Resource": f"arn:{ctx.partition}:kms:*:*:{KEY_ALIAS_PREFIX}*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _never_disable_log_keys(ctx: GuardrailContext) -> dict:
    # No exemption: the access role is reachable by every administrator of the management
    # account, and no deployment ever needs to disable or delete these keys.
    return {
        "Action": ["kms:DisableKey", "kms:ScheduleKeyDeletion"],
        "Resource": "*",
        "Condition": _org_iam_keys(ctx),
    }


def _protect_security_services(ctx: GuardrailContext) -> dict:
    return {
        "Action": [
            "access-analyzer:DeleteAnalyzer",
            "config:DeleteAggregationAuthorization",
            "config:DeleteConfigurationAggregator",
            "config:DeleteConfigurationRecorder",
            "config:DeleteDeliveryChannel",
            "config:DeleteRetentionConfiguration",
            "config:PutConfigurationAggregator",
            "config:PutConfigurationRecorder",
            "config:PutDeliveryChannel",
            "config:PutRetentionConfiguration",
            "config:StopConfigurationRecorder",
            "guardduty:DeleteDetector",
            "guardduty:DeleteMembers",
            "guardduty:DeletePublishingDestination",
            "guardduty:DisableOrganizationAdminAccount",
            "guardduty:DisassociateFromAdministratorAccount",
            "guardduty:DisassociateFromMasterAccount",
            "guardduty:DisassociateMembers",
            "guardduty:StopMonitoringMembers",
            "guardduty:UpdateDetector",
            "guardduty:UpdateMalwareScanSettings",
            "guardduty:UpdateMemberDetectors",
            "guardduty:UpdateOrganizationConfiguration",
            "guardduty:UpdatePublishingDestination",
            "macie2:DisableMacie",
            "macie2:DisassociateFromAdministratorAccount",
            "macie2:DisassociateFromMasterAccount",
            "securityhub:BatchDisableStandards",
            "securityhub:CreateConfigurationPolicy",
            "securityhub:DeleteConfigurationPolicy",
            "securityhub:DeleteFindingAggregator",
            "securityhub:DeleteMembers",
            "securityhub:DisableImportFindingsForProduct",
            "securityhub:DisableOrganizationAdminAccount",
            "securityhub:DisableSecurityHub",
            "securityhub:DisassociateFromAdministratorAccount",
            "securityhub:DisassociateFromMasterAccount",
            "securityhub:DisassociateMembers",
            "securityhub:StartConfigurationPolicyAssociation",
            "securityhub:StartConfigurationPolicyDisassociation",
            "securityhub:UpdateConfigurationPolicy",
            "securityhub:UpdateFindingAggregator",
            "securityhub:UpdateOrganizationConfiguration",
            "securityhub:UpdateSecurityControl",
            "securityhub:UpdateSecurityHubConfiguration",
            "securityhub:UpdateStandardsControl",
        ],
        "Resource": "*",
        # The StackSet execution roles run org-iam's own Config template (updates and removals).
        "Condition": _unless([*ctx.deployer_arns, *ctx.stackset_execution_arns]),
    }


def _protect_security_findings(ctx: GuardrailContext) -> dict:
    # Findings are triaged in the security account (the delegated administrator), where this
    # statement is not attached; a workload account must not hide its own findings.
    return {
        "Action": [
            "access-analyzer:ApplyArchiveRule",
            "access-analyzer:CreateArchiveRule",
            "access-analyzer:UpdateArchiveRule",
            "access-analyzer:UpdateFindings",
            "guardduty:ArchiveFindings",
            "guardduty:CreateFilter",
            "guardduty:CreateIPSet",
            "guardduty:UpdateFilter",
            "guardduty:UpdateIPSet",
            "macie2:CreateFindingsFilter",
            "macie2:UpdateFindingsFilter",
            "securityhub:BatchUpdateFindings",
            "securityhub:CreateAutomationRule",
            "securityhub:UpdateFindings",
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


def _deny_buckets_outside_regions(ctx: GuardrailContext) -> dict:
    # CreateBucket through an allowed Region's endpoint can still place a bucket elsewhere.
    return {
        "Action": "s3:CreateBucket",
        "Resource": "*",
        "Condition": {
            "StringNotEquals": {"s3:LocationConstraint": list(ctx.allowed_regions)},
            "Null": {"s3:LocationConstraint": "false"},
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
    # An exemption by role name is only as strong as this statement: whoever may create,
    # re-trust, re-policy or pass a role of an exempt name gets the exemption.
    return {
        "Action": [
            "iam:AddRoleToInstanceProfile",
            "iam:AttachRolePolicy",
            "iam:CreateRole",
            "iam:DeleteRole",
            "iam:DeleteRolePermissionsBoundary",
            "iam:DeleteRolePolicy",
            "iam:DetachRolePolicy",
            "iam:PassRole",
            "iam:PutRolePermissionsBoundary",
            "iam:PutRolePolicy",
            "iam:TagRole",
            "iam:UntagRole",
            "iam:UpdateAssumeRolePolicy",
            "iam:UpdateRole",
            "iam:UpdateRoleDescription",
        ],
        "Resource": ctx.exempt_role_arns,
        "Condition": _unless(ctx.deployer_arns),
    }


def _deny_standing_access_channels(ctx: GuardrailContext) -> dict:
    # Ways to reach an account that outlive a person's Identity Center access: new identity
    # providers, certificates, activations and keys, and changes to existing IAM users. The
    # boundary forbids them to bounded sessions; this holds for every other principal too.
    return {
        "Action": [
            "cognito-identity:CreateIdentityPool",
            "cognito-identity:SetIdentityPoolRoles",
            "iam:AddClientIDToOpenIDConnectProvider",
            "iam:AddUserToGroup",
            "iam:AttachGroupPolicy",
            "iam:AttachUserPolicy",
            "iam:CreateOpenIDConnectProvider",
            "iam:CreateSAMLProvider",
            "iam:CreateServiceSpecificCredential",
            "iam:DeleteUserPermissionsBoundary",
            "iam:PutGroupPolicy",
            "iam:PutUserPermissionsBoundary",
            "iam:PutUserPolicy",
            "iam:ResetServiceSpecificCredential",
            "iam:UpdateAccessKey",
            "iam:UpdateOpenIDConnectProviderThumbprint",
            "iam:UpdateSAMLProvider",
            "iam:UploadSSHPublicKey",
            "iam:UploadSigningCertificate",
            "iot:CreateRoleAlias",
            "iot:UpdateRoleAlias",
            "rolesanywhere:CreateProfile",
            "rolesanywhere:CreateTrustAnchor",
            "rolesanywhere:EnableProfile",
            "rolesanywhere:EnableTrustAnchor",
            "rolesanywhere:UpdateProfile",
            "rolesanywhere:UpdateTrustAnchor",
            "ssm:CreateActivation",
            "transfer:CreateUser",
            "transfer:ImportSshPublicKey",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _deny_public_function_urls(ctx: GuardrailContext) -> dict:
    return {
        "Action": ["lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig"],
        "Resource": "*",
        "Condition": {
            "StringEquals": {"lambda:FunctionUrlAuthType": "NONE"},
            **_unless(ctx.deployer_arns),
        },
    }


def _protect_monitoring_resources(ctx: GuardrailContext) -> dict:
    # The rules that forward findings and the roles org-iam's services run as; silencing
    # them would hide what the other guardrails report.
    return {
        "Action": [
            "events:DeleteRule",
            "events:DisableRule",
            "events:PutRule",
            "events:PutTargets",
            "events:RemoveTargets",
            "iam:AttachRolePolicy",
            "iam:DeleteRole",
            "iam:DeleteRolePolicy",
            "iam:DetachRolePolicy",
            "iam:PassRole",
            "iam:PutRolePolicy",
            "iam:UpdateAssumeRolePolicy",
        ],
        "Resource": [
            f"arn:{ctx.partition}:events:*:*:rule/org-iam-*",
            ctx.role_arn("org-iam-*"),
        ],
        "Condition": _unless([*ctx.deployer_arns, *ctx.stackset_execution_arns]),
    }


def _protect_boundaries(ctx: GuardrailContext) -> dict:
    # Attaching this with no boundaries defined is a validation error (guardrails.validation).
    policies = [f"arn:{ctx.partition}:iam::*:policy/{name}" for name in ctx.boundary_policies]
    return {
        "Action": list(POLICY_TAMPERING_ACTIONS),
        "Resource": policies,
        "Condition": _unless(ctx.deployer_arns),
    }


def _protect_secure_defaults(ctx: GuardrailContext) -> dict:
    return {
        "Action": [
            "ec2:DisableEbsEncryptionByDefault",
            "ec2:DisableImageBlockPublicAccess",
            "ec2:DisableSnapshotBlockPublicAccess",
            "ec2:ModifyEbsDefaultKmsKeyId",
            "ec2:ResetEbsDefaultKmsKeyId",
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
    # The StackSet keeps Config recording in quarantined accounts until they close.
    exempt = [*ctx.emergency_arns, *ctx.stackset_execution_arns]
    return {"Action": "*", "Resource": "*", "Condition": _unless(exempt)}


def _deny_cde_network_paths(ctx: GuardrailContext) -> dict:
    # PCI-DSS 1.3/1.4: every way into or out of the CDE's networks other than the reviewed ones.
    return {
        "Action": [
            "ec2:AcceptTransitGatewayPeeringAttachment",
            "ec2:AcceptTransitGatewayVpcAttachment",
            "ec2:AcceptVpcEndpointConnections",
            "ec2:AcceptVpcPeeringConnection",
            "ec2:AssociateAddress",
            "ec2:AssociateClientVpnTargetNetwork",
            "ec2:AttachInternetGateway",
            "ec2:AttachVerifiedAccessTrustProvider",
            "ec2:AttachVpnGateway",
            "ec2:AuthorizeClientVpnIngress",
            "ec2:CreateClientVpnEndpoint",
            "ec2:CreateCustomerGateway",
            "ec2:CreateDefaultSubnet",
            "ec2:CreateDefaultVpc",
            "ec2:CreateEgressOnlyInternetGateway",
            "ec2:CreateInstanceConnectEndpoint",
            "ec2:CreateInternetGateway",
            "ec2:CreateNatGateway",
            "ec2:CreateRoute",
            "ec2:CreateTrafficMirrorSession",
            "ec2:CreateTrafficMirrorTarget",
            "ec2:CreateTransitGatewayPeeringAttachment",
            "ec2:CreateTransitGatewayVpcAttachment",
            "ec2:CreateVerifiedAccessEndpoint",
            "ec2:CreateVerifiedAccessInstance",
            "ec2:CreateVpcEndpoint",
            "ec2:CreateVpcEndpointServiceConfiguration",
            "ec2:CreateVpcPeeringConnection",
            "ec2:CreateVpnConnection",
            "ec2:CreateVpnGateway",
            "ec2:ModifySubnetAttribute",
            "ec2:ModifyVpcEndpoint",
            "ec2:ModifyVpcEndpointServiceConfiguration",
            "ec2:ModifyVpcEndpointServicePermissions",
            "ec2:ReplaceRoute",
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:RegisterTargets",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _deny_cde_internet_facing_load_balancers(ctx: GuardrailContext) -> dict:
    return {
        "Action": "elasticloadbalancing:CreateLoadBalancer",
        "Resource": "*",
        # Not "equals internet-facing": a request that omits the scheme gets that default.
        "Condition": {
            "StringNotEquals": {"elasticloadbalancing:Scheme": "internal"},
            **_unless(ctx.deployer_arns),
        },
    }


def _deny_cde_public_instances(ctx: GuardrailContext) -> dict:
    return {
        "Action": "ec2:RunInstances",
        "Resource": "*",
        "Condition": {
            "Bool": {"ec2:AssociatePublicIpAddress": "true"},
            **_unless(ctx.deployer_arns),
        },
    }


def _deny_cde_data_sharing(ctx: GuardrailContext) -> dict:
    # Copies of cardholder data leave the CDE by sharing, not by network.
    return {
        "Action": [
            "ec2:ModifyImageAttribute",
            "ec2:ModifySnapshotAttribute",
            "ram:AssociateResourceShare",
            "ram:CreateResourceShare",
            "rds:CreateIntegration",
            "rds:ModifyDBClusterSnapshotAttribute",
            "rds:ModifyDBSnapshotAttribute",
            "rds:StartExportTask",
            "redshift:AuthorizeSnapshotAccess",
            "s3:PutReplicationConfiguration",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.deployer_arns),
    }


def _deny_acting_as_workload_roles(ctx: GuardrailContext) -> dict:
    # Each runs code or commands as a role that already exists, with no iam:PassRole check:
    # a bounded session would act as the payment workloads' stronger roles (PCI-DSS 7.2).
    return {
        "Action": [
            "autoscaling:CreateLaunchConfiguration",
            "autoscaling:StartInstanceRefresh",
            "autoscaling:UpdateAutoScalingGroup",
            "cloudformation:CreateChangeSet",
            "cloudformation:ExecuteChangeSet",
            "cloudformation:UpdateStack",
            "codebuild:StartBuild",
            "codebuild:UpdateProject",
            "codedeploy:CreateDeployment",
            "ec2-instance-connect:OpenTunnel",
            "ec2-instance-connect:SendSSHPublicKey",
            "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
            "ec2:AttachVolume",
            "ec2:CreateLaunchTemplateVersion",
            "ec2:CreateReplaceRootVolumeTask",
            "ec2:CreateVolume",
            "ec2:DetachVolume",
            "ec2:ModifyInstanceAttribute",
            "ec2:ModifyLaunchTemplate",
            "ecs:ExecuteCommand",
            "ecs:RegisterContainerInstance",
            "ecs:RunTask",
            "ecs:StartTask",
            "ecs:UpdateService",
            "glue:UpdateDevEndpoint",
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
            "ssm:CreateAssociation",
            "ssm:RegisterTaskWithMaintenanceWindow",
            "ssm:SendCommand",
            "ssm:StartAutomationExecution",
            "ssm:StartSession",
            "ssm:UpdateAssociation",
            "ssm:UpdateDocument",
        ],
        "Resource": "*",
        "Condition": _unless(ctx.emergency_arns),
    }


def _people(ctx: GuardrailContext) -> dict:
    return {"ArnLike": {"aws:PrincipalArn": ctx.role_arn(f"{SSO_ROLE_PATH}*")}}


def _deny_people_reading_cde_secrets(ctx: GuardrailContext) -> dict:
    # Only Identity Center sessions (people): the workloads read their own secrets and logs.
    return {
        "Action": [
            "autoscaling:DescribeLaunchConfigurations",
            "batch:DescribeJobDefinitions",
            "cloudformation:GetTemplate",
            "codebuild:BatchGetProjects",
            "datapipeline:GetPipelineDefinition",
            "ec2:DescribeInstanceAttribute",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetConsoleOutput",
            "ec2:GetLaunchTemplateData",
            "ecs:DescribeTaskDefinition",
            "ecs:DescribeTasks",
            "elasticbeanstalk:DescribeConfigurationSettings",
            "lambda:GetFunction",
            "lambda:GetFunctionConfiguration",
            "lambda:ListFunctions",
            "lambda:ListVersionsByFunction",
            "logs:FilterLogEvents",
            "logs:GetLogEvents",
            "logs:GetLogRecord",
            "logs:GetQueryResults",
            "logs:StartLiveTail",
            "logs:StartQuery",
            "logs:Unmask",
            "rds:DownloadCompleteDBLogFile",
            "rds:DownloadDBLogFilePortion",
            "secretsmanager:GetSecretValue",
            "ssm:GetAutomationExecution",
            "ssm:GetCommandInvocation",
            "ssm:GetParameter",
            "ssm:GetParameterHistory",
            "ssm:GetParameters",
            "ssm:GetParametersByPath",
            "states:DescribeExecution",
            "states:GetExecutionHistory",
            "xray:BatchGetTraces",
        ],
        "Resource": "*",
        "Condition": _people(ctx),
    }


def _deny_people_changing_cde_databases(ctx: GuardrailContext) -> dict:
    # A modify or restore call resets the master password, makes a database public or turns on
    # statement logging; no condition key tells those apart, so people change CDE databases
    # through the reviewed pipeline only.
    return {
        "Action": [
            "rds:CreateBlueGreenDeployment",
            "rds:CreateDBInstanceReadReplica",
            "rds:ModifyDBCluster",
            "rds:ModifyDBClusterParameterGroup",
            "rds:ModifyDBInstance",
            "rds:ModifyDBParameterGroup",
            "rds:ModifyOptionGroup",
            "rds:RestoreDBClusterFromSnapshot",
            "rds:RestoreDBClusterToPointInTime",
            "rds:RestoreDBInstanceFromDBSnapshot",
            "rds:RestoreDBInstanceToPointInTime",
        ],
        "Resource": "*",
        "Condition": _people(ctx),
    }


_ROOT = Controls(("CC6.1", "CC6.3"), ("7.2.1", "8.2.2", "8.6.1"), ("1.4", "1.7"))
_LOGGING = Controls(("CC7.2", "CC8.1"), ("10.2.1", "10.3.2", "10.3.3"), ("3.1",))
_LOG_INTEGRITY = Controls(("CC7.2",), ("10.3.2", "10.3.3", "10.5.1"))
_CDE_NETWORK = Controls(("CC6.6",), ("1.3.1", "1.3.2", "1.4.1"))
_CDE_ACCESS = Controls(("CC6.1", "CC6.3"), ("7.2.1", "7.2.2", "3.3.1"))

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
            "The log buckets (archive, Config history, access logs), their policies, logging, "
            "lock and lifecycle are changed only by the deployers.",
            _LOG_INTEGRITY,
            _protect_log_archive,
        ),
        GuardrailStatement(
            "ProtectLogKeys",
            "The keys that keep the logs readable (every org-iam key) keep their policy, "
            "rotation and tags; only the deployers change them.",
            _LOG_INTEGRITY,
            _protect_log_keys,
        ),
        GuardrailStatement(
            "ProtectLogKeyAliases",
            "The org-iam key aliases, by which the key guardrails recognise the keys, stay on "
            "their keys.",
            _LOG_INTEGRITY,
            _protect_log_key_aliases,
        ),
        GuardrailStatement(
            "NeverDisableLogKeys",
            "Nobody in a member account, deployers and break-glass included, disables or "
            "deletes an org-iam key.",
            _LOG_INTEGRITY,
            _never_disable_log_keys,
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
            "ProtectSecurityFindings",
            "A workload account cannot archive, filter or suppress its own GuardDuty, Security "
            "Hub, Access Analyzer or Macie findings; the security account triages them.",
            Controls(("CC7.2", "CC7.3"), ("10.7.2", "11.5.1")),
            _protect_security_findings,
        ),
        GuardrailStatement(
            "DenyOutsideAllowedRegions",
            "Regional services only in the allowed regions; global services, deployers and "
            "break-glass are exempt.",
            Controls(("CC6.1", "CC6.6"), ("12.5.2",)),
            _deny_outside_regions,
        ),
        GuardrailStatement(
            "DenyBucketsOutsideAllowedRegions",
            "No bucket is created in a Region outside the allowed list through another "
            "Region's endpoint; deployers and break-glass are exempt.",
            Controls(("CC6.1", "CC6.6"), ("12.5.2",)),
            _deny_buckets_outside_regions,
        ),
        GuardrailStatement(
            "DenyStandingAccessChannels",
            "Nobody but the deployers adds identity providers, Roles Anywhere anchors, SSM "
            "activations, IoT role aliases, identity pools or SFTP users, or changes IAM "
            "users' keys, policies, certificates or groups: access that would outlive "
            "offboarding.",
            Controls(("CC6.2", "CC6.3"), ("8.2.6", "7.2.4")),
            _deny_standing_access_channels,
        ),
        GuardrailStatement(
            "DenyPublicFunctionUrls",
            "No Lambda function URL without authentication, except by the deployers.",
            Controls(("CC6.1", "CC6.6"), ("1.4.1", "7.2.1")),
            _deny_public_function_urls,
        ),
        GuardrailStatement(
            "ProtectMonitoringResources",
            "org-iam's EventBridge rules and service roles (findings forwarding, Config "
            "recording) are changed only by the deployers and the Config StackSet.",
            Controls(("CC7.2", "CC7.3"), ("10.7.2",)),
            _protect_monitoring_resources,
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
            "Nobody but the deployers creates, re-trusts, changes or passes a role of a name "
            "the guardrails exempt (access, deployment, break-glass, StackSet execution) or an "
            "Identity Center role.",
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
            "EBS default encryption (and its key) and the S3, AMI and snapshot public-access "
            "blocks stay on.",
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
            "Quarantine: every action is denied except to deployers, break-glass and the "
            "StackSet that keeps Config recording.",
            Controls(("CC6.2", "CC6.3"), ("8.2.6",)),
            _deny_all,
        ),
        GuardrailStatement(
            "DenyCdeNetworkPaths",
            "No internet or NAT gateway, route, peering, VPN, Client VPN, Verified Access, "
            "endpoint, transit-gateway attachment, traffic mirror, public address, subnet or "
            "listener change in the CDE except by the deployers.",
            _CDE_NETWORK,
            _deny_cde_network_paths,
        ),
        GuardrailStatement(
            "DenyCdeInternetFacingLoadBalancers",
            "No internet-facing load balancer in the CDE except by the deployers.",
            _CDE_NETWORK,
            _deny_cde_internet_facing_load_balancers,
        ),
        GuardrailStatement(
            "DenyCdePublicInstances",
            "No instance in the CDE gets a public IP address at launch except by the deployers.",
            _CDE_NETWORK,
            _deny_cde_public_instances,
        ),
        GuardrailStatement(
            "DenyCdeDataSharing",
            "Snapshots, images, database exports, resource shares and replication never carry "
            "CDE data to another account except by the deployers.",
            Controls(("CC6.1", "CC6.7"), ("3.2.1", "7.2.1")),
            _deny_cde_data_sharing,
        ),
        GuardrailStatement(
            "DenyActingAsWorkloadRoles",
            "Nobody but deployers and break-glass runs code or commands as the CDE's existing "
            "roles (Lambda code, stack updates, SSM, user data, launch templates, Auto "
            "Scaling, volumes, ECS tasks, CodeDeploy, CodeBuild, Instance Connect).",
            _CDE_ACCESS,
            _deny_acting_as_workload_roles,
        ),
        GuardrailStatement(
            "DenyPeopleReadingCdeSecrets",
            "People (Identity Center sessions) in the CDE read no secrets, parameters, log "
            "contents or configuration that embeds them.",
            _CDE_ACCESS,
            _deny_people_reading_cde_secrets,
        ),
        GuardrailStatement(
            "DenyPeopleChangingCdeDatabases",
            "People (Identity Center sessions) in the CDE do not modify databases, which could "
            "reset a master password or make a database public.",
            _CDE_ACCESS,
            _deny_people_changing_cde_databases,
        ),
    )
}

QUARANTINE_SID = "DenyAll"
