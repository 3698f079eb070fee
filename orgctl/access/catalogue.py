"""The catalogue of sensitive capabilities an auditor asks about, each as the concrete requests
that exercise it in one account. A capability is held when any of its requests is allowed.

Where a capability only exists in some accounts (the log archive lives in its account; SCPs and
Identity Center are changed from the management account) it is asked only there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blueprint.bucket_names import log_archive_bucket_prefix
from orgctl.access.principals import Account, Organization, Principal

# Regions AWS offers in the commercial partition, tried in order for "outside the allowed
# Regions"; the first one the blueprint does not allow is used.
_OUTSIDE_CANDIDATES = ("eu-central-1", "ap-southeast-1", "sa-east-1", "us-east-2")


@dataclass(frozen=True)
class Ask:
    action: str
    resource: str = "*"
    context: tuple[tuple[str, str], ...] = ()  # extra request context keys


@dataclass(frozen=True)
class Capability:
    key: str
    title: str
    scope: str  # "member", "every", "management", "log-archive"
    asks: Callable[[Organization, Account, Principal], list[Ask]]

    def applies_to(self, org: Organization, account: Account) -> bool:
        if self.scope == "every":
            return True
        if self.scope == "member":
            return not account.is_management
        if self.scope == "management":
            return account.is_management
        return account.key == org.blueprint.organization.log_archive_account


def _region(org: Organization) -> str:
    return org.home_region


def _trail(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    name = f"{org.blueprint.organization.name}-org-trail"
    trail = f"arn:{org.partition}:cloudtrail:{_region(org)}:{account.id}:trail/{name}"
    return [
        Ask(action, trail)
        for action in (
            "cloudtrail:StopLogging",
            "cloudtrail:DeleteTrail",
            "cloudtrail:UpdateTrail",
            "cloudtrail:PutEventSelectors",
        )
    ]


def _log_archive(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    bucket = f"arn:{org.partition}:s3:::{log_archive_bucket_prefix(org.blueprint)}"
    bucket += f"{account.id}-{_region(org)}"
    key = f"arn:{org.partition}:kms:{_region(org)}:{account.id}:key/log-archive"
    # AWS puts the key's aliases in every key operation's context (kms:ResourceAliases).
    aliases = (("kms:ResourceAliases", "alias/org-iam-log-archive"),)
    return [
        Ask("s3:DeleteBucket", bucket),
        Ask("s3:PutBucketPolicy", bucket),
        Ask("s3:PutLifecycleConfiguration", bucket),
        Ask("s3:PutBucketObjectLockConfiguration", bucket),
        Ask("s3:DeleteObjectVersion", f"{bucket}/AWSLogs/o-example/trail.json.gz"),
        Ask("kms:ScheduleKeyDeletion", key, aliases),
        Ask("kms:DisableKey", key, aliases),
        Ask("kms:PutKeyPolicy", key, aliases),
    ]


def _leave(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    return [Ask("organizations:LeaveOrganization")]


def _iam_users(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    user = f"arn:{org.partition}:iam::{account.id}:user/new-user"
    return [
        Ask("iam:CreateUser", user),
        Ask("iam:CreateAccessKey", user),
        Ask("iam:CreateLoginProfile", user),
    ]


def _scps(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    return [
        Ask(action)
        for action in (
            "organizations:UpdatePolicy",
            "organizations:DetachPolicy",
            "organizations:DeletePolicy",
            "organizations:AttachPolicy",
        )
    ]


def _databases(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    rds = f"arn:{org.partition}:rds:{_region(org)}:{account.id}"
    table = f"arn:{org.partition}:dynamodb:{_region(org)}:{account.id}:table/app"
    return [
        Ask("rds:DeleteDBInstance", f"{rds}:db:app"),
        Ask("rds:DeleteDBCluster", f"{rds}:cluster:app"),
        Ask("rds:ModifyDBSnapshotAttribute", f"{rds}:snapshot:app"),
        Ask("rds:ModifyDBClusterSnapshotAttribute", f"{rds}:cluster-snapshot:app"),
        Ask("dynamodb:DeleteTable", table),
    ]


def _identity_center(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    return [
        Ask(action)
        for action in (
            "sso:CreatePermissionSet",
            "sso:PutInlinePolicyToPermissionSet",
            "sso:AttachManagedPolicyToPermissionSet",
            "sso:CreateAccountAssignment",
            "identitystore:CreateGroupMembership",
        )
    ]


def _outside_regions(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    allowed = set(org.blueprint.organization.allowed_regions)
    region = next(r for r in _OUTSIDE_CANDIDATES if r not in allowed)
    where = (("aws:RequestedRegion", region),)
    return [
        Ask("ec2:RunInstances", f"arn:{org.partition}:ec2:{region}:{account.id}:instance/*", where),
        Ask(
            "lambda:CreateFunction",
            f"arn:{org.partition}:lambda:{region}:{account.id}:function:x",
            where,
        ),
    ]


def _as_root(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    # Centralized root access: root sessions are made with sts:AssumeRoot from the management
    # account (or its delegated administrator).
    return [Ask("sts:AssumeRoot")]


def _security_services(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    return [
        Ask(action)
        for action in (
            "guardduty:DeleteDetector",
            "guardduty:DisassociateFromAdministratorAccount",
            "securityhub:DisableSecurityHub",
            "config:StopConfigurationRecorder",
            "config:DeleteConfigurationRecorder",
            "access-analyzer:DeleteAnalyzer",
        )
    ]


def exempt_role_names(org: Organization) -> list[str]:
    """Role names the guardrails exempt: the access role, the deployers and break-glass."""
    settings = org.blueprint.organization
    return sorted(
        {settings.access_role, *settings.deployment_roles, org.blueprint.break_glass.role_name}
    )


def _exempt_principal(org: Organization, account: Account, principal: Principal) -> list[Ask]:
    asks = []
    # Creating the role: its creator chooses the boundary; the boundary it must carry is the
    # most it can choose, so the request carries it when the principal has one.
    chosen = (
        (("iam:PermissionsBoundary", org.boundary_arn(account, principal.boundary)),)
        if principal.boundary
        else ()
    )
    for name in exempt_role_names(org):
        role = org.role_arn(account, name)
        asks.append(Ask("iam:CreateRole", role, chosen))
        # The exempt roles that exist carry no boundary, so the key is absent for these.
        asks.extend(
            Ask(action, role)
            for action in (
                "iam:UpdateAssumeRolePolicy",
                "iam:AttachRolePolicy",
                "iam:PutRolePolicy",
            )
        )
    return asks


CATALOGUE: tuple[Capability, ...] = (
    Capability("stop-cloudtrail", "stop, delete or reconfigure CloudTrail", "every", _trail),
    Capability(
        "destroy-log-archive",
        "delete or make unreadable the log archive",
        "log-archive",
        _log_archive,
    ),
    Capability("leave-organization", "leave the organization", "member", _leave),
    Capability(
        "create-iam-users-or-keys",
        "create IAM users, passwords or access keys",
        "every",
        _iam_users,
    ),
    Capability("change-scps", "change or detach SCPs", "management", _scps),
    Capability("delete-or-share-databases", "delete or share databases", "every", _databases),
    Capability("change-identity-center", "change Identity Center", "management", _identity_center),
    Capability("act-outside-regions", "act outside the allowed Regions", "every", _outside_regions),
    Capability("act-as-root", "open a root session (sts:AssumeRoot)", "management", _as_root),
    Capability(
        "disable-security-services",
        "disable GuardDuty, Security Hub, Config or Access Analyzer",
        "every",
        _security_services,
    ),
    Capability(
        "become-exempt-principal",
        "create or take over a guardrail-exempt role",
        "member",
        _exempt_principal,
    ),
)
# What a member account's root user is asked: it should be able to do nothing.
ROOT_CAPABILITIES = (
    "stop-cloudtrail",
    "create-iam-users-or-keys",
    "delete-or-share-databases",
    "leave-organization",
)
