"""The metric filters and alarms on the organization trail's log group, as data.

CIS AWS Foundations 4.1-4.15 (v5.0 numbering; patterns as the benchmark gives them, with
parentheses made explicit where the benchmark leaves `&&`/`||` precedence implicit), then what
the benchmark lacks: Identity Center, SCP, IAM-user, AssumeRoot and break-glass events. Pure;
every pattern is tested against CloudTrail samples in tests/fixtures/cloudtrail/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blueprint.control_ids import Controls
from blueprint.model import Blueprint


@dataclass(frozen=True)
class MonitoringContext:
    management_id: str
    break_glass_users: tuple[str, ...]
    break_glass_role: str

    @classmethod
    def from_blueprint(cls, blueprint: Blueprint) -> MonitoringContext:
        return cls(
            management_id=blueprint.management_account_id,
            break_glass_users=tuple(sorted(blueprint.break_glass.users)),
            break_glass_role=blueprint.break_glass.role_name,
        )


@dataclass(frozen=True)
class AlarmSpec:
    key: str
    alarm_set: str  # cis, identity, guardrails, break_glass
    title: str
    controls: Controls
    build: Callable[[MonitoringContext], str]
    cis: str | None = None

    def pattern(self, ctx: MonitoringContext) -> str:
        return self.build(ctx)


def _any_event(*names: str) -> str:
    return "(" + " || ".join(f"($.eventName = {name})" for name in names) + ")"


def _source_and_events(source: str, *names: str) -> str:
    return f'{{ ($.eventSource = "{source}") && {_any_event(*names)} }}'


def _fixed(pattern: str) -> Callable[[MonitoringContext], str]:
    return lambda ctx: pattern


CIS = (
    AlarmSpec(
        "unauthorized-api-calls",
        "cis",
        "Unauthorized API calls",
        Controls(("CC7.2",), ("10.2.1", "10.4.1.1")),
        _fixed(
            '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) '
            '&& ($.sourceIPAddress != "delivery.logs.amazonaws.com") '
            '&& ($.eventName != "HeadBucket") }'
        ),
        cis="4.1",
    ),
    AlarmSpec(
        "console-sign-in-without-mfa",
        "cis",
        "IAM user console sign-in without MFA",
        Controls(("CC6.1", "CC7.2"), ("8.4.2", "10.2.1.2")),
        # The IAM-user variant: Identity Center sign-ins carry MFAUsed=No (MFA happened at the
        # IdP), so the plain CIS pattern would alarm on every SSO sign-in.
        _fixed(
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
            '&& ($.userIdentity.type = "IAMUser") '
            '&& ($.responseElements.ConsoleLogin = "Success") }'
        ),
        cis="4.2",
    ),
    AlarmSpec(
        "root-usage",
        "cis",
        "Root user activity",
        Controls(("CC6.1", "CC7.2"), ("10.2.1.2", "8.2.2")),
        _fixed(
            '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) '
            '&& ($.eventType != "AwsServiceEvent") }'
        ),
        cis="4.3",
    ),
    AlarmSpec(
        "iam-policy-changes",
        "cis",
        "IAM policy changes",
        Controls(("CC7.2", "CC8.1"), ("10.2.1.5", "10.2.2")),
        _fixed(
            "{ "
            + _any_event(
                "DeleteGroupPolicy",
                "DeleteRolePolicy",
                "DeleteUserPolicy",
                "PutGroupPolicy",
                "PutRolePolicy",
                "PutUserPolicy",
                "CreatePolicy",
                "DeletePolicy",
                "CreatePolicyVersion",
                "DeletePolicyVersion",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "AttachUserPolicy",
                "DetachUserPolicy",
                "AttachGroupPolicy",
                "DetachGroupPolicy",
            )
            + " }"
        ),
        cis="4.4",
    ),
    AlarmSpec(
        "cloudtrail-changes",
        "cis",
        "CloudTrail configuration changes",
        Controls(("CC7.2", "CC8.1"), ("10.2.1.6", "10.3.2")),
        _fixed(
            "{ "
            + _any_event("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
            + " }"
        ),
        cis="4.5",
    ),
    AlarmSpec(
        "console-authentication-failures",
        "cis",
        "Console authentication failures",
        Controls(("CC7.2",), ("8.3.4", "10.2.1.4")),
        _fixed('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'),
        cis="4.6",
    ),
    AlarmSpec(
        "kms-key-disable-or-deletion",
        "cis",
        "Customer-managed KMS key disabled or scheduled for deletion",
        Controls(("CC6.1", "CC7.2"), ("3.6.1", "10.2.1")),
        _fixed(
            "{ ($.eventSource = kms.amazonaws.com) && "
            "(($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
        ),
        cis="4.7",
    ),
    AlarmSpec(
        "s3-bucket-policy-changes",
        "cis",
        "S3 bucket policy changes",
        Controls(("CC6.1", "CC7.2"), ("10.2.1", "10.3.2")),
        _fixed(
            _source_and_events(
                "s3.amazonaws.com",
                "PutBucketAcl",
                "PutBucketPolicy",
                "PutBucketCors",
                "PutBucketLifecycle",
                "PutBucketReplication",
                "DeleteBucketPolicy",
                "DeleteBucketCors",
                "DeleteBucketLifecycle",
                "DeleteBucketReplication",
            )
        ),
        cis="4.8",
    ),
    AlarmSpec(
        "config-changes",
        "cis",
        "AWS Config configuration changes",
        Controls(("CC7.2", "CC8.1"), ("10.7.2",)),
        _fixed(
            _source_and_events(
                "config.amazonaws.com",
                "StopConfigurationRecorder",
                "DeleteDeliveryChannel",
                "PutDeliveryChannel",
                "PutConfigurationRecorder",
            )
        ),
        cis="4.9",
    ),
    AlarmSpec(
        "security-group-changes",
        "cis",
        "Security group changes",
        Controls(("CC6.6", "CC7.2"), ("1.2.2", "10.2.1")),
        _fixed(
            "{ "
            + _any_event(
                "AuthorizeSecurityGroupIngress",
                "AuthorizeSecurityGroupEgress",
                "RevokeSecurityGroupIngress",
                "RevokeSecurityGroupEgress",
                "CreateSecurityGroup",
                "DeleteSecurityGroup",
                "ModifySecurityGroupRules",
            )
            + " }"
        ),
        cis="4.10",
    ),
    AlarmSpec(
        "nacl-changes",
        "cis",
        "Network ACL changes",
        Controls(("CC6.6", "CC7.2"), ("1.2.2",)),
        _fixed(
            "{ "
            + _any_event(
                "CreateNetworkAcl",
                "CreateNetworkAclEntry",
                "DeleteNetworkAcl",
                "DeleteNetworkAclEntry",
                "ReplaceNetworkAclEntry",
                "ReplaceNetworkAclAssociation",
            )
            + " }"
        ),
        cis="4.11",
    ),
    AlarmSpec(
        "network-gateway-changes",
        "cis",
        "Network gateway changes",
        Controls(("CC6.6", "CC7.2"), ("1.2.2",)),
        _fixed(
            "{ "
            + _any_event(
                "CreateCustomerGateway",
                "DeleteCustomerGateway",
                "AttachInternetGateway",
                "CreateInternetGateway",
                "DeleteInternetGateway",
                "DetachInternetGateway",
            )
            + " }"
        ),
        cis="4.12",
    ),
    AlarmSpec(
        "route-table-changes",
        "cis",
        "Route table changes",
        Controls(("CC6.6", "CC7.2"), ("1.2.2",)),
        _fixed(
            "{ "
            + _any_event(
                "CreateRoute",
                "CreateRouteTable",
                "ReplaceRoute",
                "ReplaceRouteTableAssociation",
                "DeleteRouteTable",
                "DeleteRoute",
                "DisassociateRouteTable",
            )
            + " }"
        ),
        cis="4.13",
    ),
    AlarmSpec(
        "vpc-changes",
        "cis",
        "VPC changes",
        Controls(("CC6.6", "CC7.2"), ("1.2.2",)),
        _fixed(
            "{ "
            + _any_event(
                "CreateVpc",
                "DeleteVpc",
                "ModifyVpcAttribute",
                "AcceptVpcPeeringConnection",
                "CreateVpcPeeringConnection",
                "DeleteVpcPeeringConnection",
                "RejectVpcPeeringConnection",
                "AttachClassicLinkVpc",
                "DetachClassicLinkVpc",
                "DisableVpcClassicLink",
                "EnableVpcClassicLink",
            )
            + " }"
        ),
        cis="4.14",
    ),
    AlarmSpec(
        "organizations-changes",
        "cis",
        "AWS Organizations changes",
        Controls(("CC7.2", "CC8.1"), ("10.2.1", "12.5.2")),
        _fixed(
            _source_and_events(
                "organizations.amazonaws.com",
                "AcceptHandshake",
                "AttachPolicy",
                "CreateAccount",
                "CreateOrganizationalUnit",
                "CreatePolicy",
                "DeclineHandshake",
                "DeleteOrganization",
                "DeleteOrganizationalUnit",
                "DeletePolicy",
                "DetachPolicy",
                "DisablePolicyType",
                "EnablePolicyType",
                "InviteAccountToOrganization",
                "LeaveOrganization",
                "MoveAccount",
                "RemoveAccountFromOrganization",
                "UpdatePolicy",
                "UpdateOrganizationalUnit",
            )
        ),
        cis="4.15",
    ),
)

BEYOND_CIS = (
    AlarmSpec(
        "identity-center-permission-set-changes",
        "identity",
        "Identity Center permission set, policy or boundary changes",
        Controls(("CC6.2", "CC6.3", "CC8.1"), ("7.2.4", "10.2.1.5")),
        _fixed(
            _source_and_events(
                "sso.amazonaws.com",
                "CreatePermissionSet",
                "UpdatePermissionSet",
                "DeletePermissionSet",
                "AttachManagedPolicyToPermissionSet",
                "DetachManagedPolicyFromPermissionSet",
                "AttachCustomerManagedPolicyReferenceToPermissionSet",
                "DetachCustomerManagedPolicyReferenceFromPermissionSet",
                "PutPermissionsBoundaryToPermissionSet",
                "DeletePermissionsBoundaryFromPermissionSet",
                "PutInlinePolicyToPermissionSet",
                "DeleteInlinePolicyFromPermissionSet",
                "ProvisionPermissionSet",
            )
        ),
    ),
    AlarmSpec(
        "identity-center-assignment-changes",
        "identity",
        "Identity Center account assignment created or deleted",
        Controls(("CC6.2", "CC6.3"), ("7.2.4", "8.2.4", "10.2.1.5")),
        _fixed(
            _source_and_events(
                "sso.amazonaws.com", "CreateAccountAssignment", "DeleteAccountAssignment"
            )
        ),
    ),
    AlarmSpec(
        "iam-users-and-keys-created",
        "identity",
        "IAM user, access key or console password created",
        Controls(("CC6.1", "CC6.2"), ("8.2.1", "8.2.2", "8.6.2")),
        _fixed(
            _source_and_events(
                "iam.amazonaws.com",
                "CreateUser",
                "CreateAccessKey",
                "CreateLoginProfile",
                "UpdateLoginProfile",
            )
        ),
    ),
    AlarmSpec(
        "root-session-assumed",
        "identity",
        "Centralized root session (sts:AssumeRoot) started",
        Controls(("CC6.1", "CC7.2"), ("8.2.2", "10.2.1.2")),
        _fixed('{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRoot") }'),
    ),
    AlarmSpec(
        "service-control-policy-changes",
        "guardrails",
        "SCP or RCP created, changed, attached or detached",
        Controls(("CC6.1", "CC8.1"), ("10.2.1.5", "12.5.2")),
        _fixed(
            _source_and_events(
                "organizations.amazonaws.com",
                "CreatePolicy",
                "UpdatePolicy",
                "DeletePolicy",
                "AttachPolicy",
                "DetachPolicy",
                "EnablePolicyType",
                "DisablePolicyType",
            )
        ),
    ),
    AlarmSpec(
        "break-glass-sign-in",
        "break_glass",
        "Break-glass user console sign-in (successful or not)",
        Controls(("CC6.1", "CC7.2"), ("8.2.2", "8.3.4", "10.2.1.2")),
        lambda ctx: (
            '{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "IAMUser") '
            f'&& ($.userIdentity.accountId = "{ctx.management_id}") && ('
            + " || ".join(f'($.userIdentity.userName = "{u}")' for u in ctx.break_glass_users)
            + ") }"
        ),
    ),
    AlarmSpec(
        "break-glass-role-assumed",
        "break_glass",
        "Break-glass role assumed",
        Controls(("CC6.1", "CC7.2"), ("8.2.2", "10.2.1.2")),
        lambda ctx: (
            '{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") '
            f'&& ($.requestParameters.roleArn = "*:role/{ctx.break_glass_role}") }}'
        ),
    ),
    AlarmSpec(
        "break-glass-session-activity",
        "break_glass",
        "Any API call made in a break-glass session",
        Controls(("CC7.2",), ("10.2.1.2",)),
        lambda ctx: (
            '{ ($.userIdentity.type = "AssumedRole") && '
            f'($.userIdentity.sessionContext.sessionIssuer.userName = "{ctx.break_glass_role}") }}'
        ),
    ),
)

ALARMS: tuple[AlarmSpec, ...] = CIS + BEYOND_CIS


def alarms_for(blueprint: Blueprint) -> list[AlarmSpec]:
    wanted = set(blueprint.monitoring.alarm_sets)
    return [spec for spec in ALARMS if spec.alarm_set in wanted]
