"""Who has access through IAM Identity Center: every member of every group assigned to an
account, and every person assigned directly, with the permission set and its session length."""

from __future__ import annotations

import json

from blueprint.privilege import ADMIN_MANAGED_POLICIES, grants_whole_admin_service
from orgctl.live.snapshot import LivePermissionSet, LiveSnapshot
from orgctl.review.expectations import Expectations
from orgctl.review.flags import Flag
from orgctl.review.model import DIRECT, GROUP_MEMBER, AccessLine, Account

NO_MEMBERS = "(no members)"


def is_privileged(permission_set: LivePermissionSet, expected: Expectations) -> bool:
    """Administrator-level as the blueprint decides it (`admin_like` included) for its own sets;
    for a set the blueprint does not know, from the live policies by the same rule."""
    if permission_set.name in expected.admin_sets:
        return expected.admin_sets[permission_set.name]
    if any(
        arn.rpartition("/")[2] in ADMIN_MANAGED_POLICIES for arn in permission_set.managed_policies
    ):
        return True
    try:
        document = json.loads(permission_set.inline_policy or "{}")
    except ValueError:
        return False
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        if "NotAction" in statement:
            return True
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if any(grants_whole_admin_service(a) for a in actions if isinstance(a, str)):
            return True
    return False


def identity_center_lines(
    live: LiveSnapshot, accounts: dict[str, Account], expected: Expectations
) -> list[AccessLine]:
    lines = []
    for assignment in live.assignments:
        account = accounts.get(assignment.account_id)
        permission_set = live.permission_set(assignment.permission_set_arn)
        if account is None or permission_set is None:
            continue
        privileged = is_privileged(permission_set, expected)
        if assignment.principal_type == "GROUP":
            group = live.group(assignment.principal_id)
            group_name = group.display_name if group else assignment.principal_id
            drift = _not_granted(expected, permission_set.name, group_name, account)
            members = live.members_of(assignment.principal_id) or [None]
            for user in members:
                flags = list(drift)
                if privileged and user is not None:
                    flags.append(
                        Flag(
                            "privileged-group",
                            f"'{user.user_name}' is in '{group_name}', which gets the "
                            f"administrator-level '{permission_set.name}' in '{account.name}'",
                        )
                    )
                lines.append(
                    AccessLine(
                        account=account,
                        kind=GROUP_MEMBER,
                        principal=user.user_name if user else NO_MEMBERS,
                        display_name=user.display_name if user else "",
                        via=group_name,
                        access=permission_set.name,
                        session=permission_set.effective_session,
                        flags=tuple(sorted(flags)),
                    )
                )
            continue
        user = live.user(assignment.principal_id)
        name = user.user_name if user else assignment.principal_id
        flags = [
            Flag(
                "direct-assignment",
                f"'{name}' gets '{permission_set.name}' in '{account.name}' directly; "
                "assign a group instead",
            )
        ]
        if expected.granted is not None:
            flags.append(
                Flag(
                    "not-in-blueprint",
                    f"the blueprint assigns groups only; '{name}' gets '{permission_set.name}' "
                    f"in '{account.name}' directly",
                )
            )
        lines.append(
            AccessLine(
                account=account,
                kind=DIRECT,
                principal=name,
                display_name=user.display_name if user else "",
                access=permission_set.name,
                session=permission_set.effective_session,
                flags=tuple(sorted(flags)),
            )
        )
    return lines


def _not_granted(expected: Expectations, permission_set: str, group: str, account: Account):
    if expected.granted is None or (permission_set, group, account.id) in expected.granted:
        return []
    return [
        Flag(
            "not-in-blueprint",
            f"group '{group}' gets '{permission_set}' in '{account.name}', which the blueprint "
            "does not grant",
        )
    ]
