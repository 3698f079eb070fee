"""What makes a permission set administrator-level, decided in one place for validation, the
program and the evidence report."""

from __future__ import annotations

from fnmatch import fnmatchcase

from blueprint.model import PermissionSet

# AWS managed policies that grant administration of the account or of its identities.
# PowerUserAccess is not among them: it grants no IAM, Organizations or account management, so
# it is broad but cannot change who has access (the role table gives Developer 4 h with it).
ADMIN_MANAGED_POLICIES = frozenset(
    {
        "AdministratorAccess",
        "IAMFullAccess",
        "AWSOrganizationsFullAccess",
        "AWSSSOMemberAccountAdministrator",
        "AWSSSODirectoryAdministrator",
    }
)
# Services whose every action together amounts to administration (who has access, and as whom).
_ADMIN_SERVICES = ("iam", "organizations", "sts")


def grants_whole_admin_service(action: str) -> bool:
    """True for `*`, `iam:*`, `IAM:*`, `i?m:*`, `*:*`: AWS matches actions case-insensitively,
    and a wildcard in the service part reaches every service it matches."""
    pattern = action.strip().lower()
    if pattern == "*":
        return True
    service, colon, name = pattern.partition(":")
    if not colon or name.strip("*") != "":
        return False
    return any(fnmatchcase(admin, service) for admin in _ADMIN_SERVICES)


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def is_admin_like(permission_set: PermissionSet) -> bool:
    if permission_set.admin_like is not None:
        return permission_set.admin_like
    for reference in permission_set.managed_policies:
        if reference.rpartition("/")[2] in ADMIN_MANAGED_POLICIES:
            return True
    document = permission_set.inline_policy
    if document is None:
        return False
    for statement in document.Statement:
        if statement.Effect != "Allow":
            continue
        if statement.NotAction is not None:
            return True  # Allow with NotAction grants everything it does not list
        if any(grants_whole_admin_service(action) for action in _as_list(statement.Action)):
            return True
    return False
