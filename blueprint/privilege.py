"""What makes a permission set administrator-level, decided in one place for validation, the
program and the evidence report."""

from __future__ import annotations

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
_ADMIN_ACTIONS = frozenset({"*", "iam:*", "organizations:*", "sts:*"})


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
        if _ADMIN_ACTIONS & set(_as_list(statement.Action)):
            return True
    return False
