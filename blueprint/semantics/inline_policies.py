"""Checks on permission sets' inline policies that the policy pack would refuse on the
Identity Center inline policy it creates: '*' on '*', a privilege-escalation action on '*', or
snapshot sharing on '*' that the same policy does not deny. Each points at the statement that
grants it."""

from __future__ import annotations

from blueprint.permission_rules import PRIVILEGE_ESCALATION_ACTIONS, SNAPSHOT_SHARING_ACTIONS
from blueprint.semantics.context import Context
from blueprint.statements import allowed_on_everything, allows_everything, statement_covers


def check_inline_policies(ctx: Context) -> None:
    for name, permission_set in sorted(ctx.blueprint.permission_sets.items()):
        if permission_set.inline_policy is None:
            continue
        statements = [
            s.model_dump(exclude_none=True) for s in permission_set.inline_policy.Statement
        ]
        where = ("permission_sets", name, "inline_policy", "Statement")
        everything = [i for i, s in enumerate(statements) if allows_everything(s)]
        if everything:
            ctx.error(
                (*where, everything[0]),
                f"the inline policy of '{name}' allows every action on every resource; grant "
                "what the job needs (an administrator set attaches AdministratorAccess, which "
                "the policy pack allows)",
            )
            continue
        for actions, harm in (
            (PRIVILEGE_ESCALATION_ACTIONS, "its holder could grant itself any role or policy"),
            (SNAPSHOT_SHARING_ACTIONS, "it can share snapshots outside the account"),
        ):
            found = allowed_on_everything(statements, actions)
            if not found:
                continue
            index = next(
                i
                for i, s in enumerate(statements)
                if s.get("Effect") == "Allow" and statement_covers(s, found[0])
            )
            ctx.error(
                (*where, index),
                f"the inline policy of '{name}' allows {', '.join(found)} on every resource "
                f"('*'), so {harm}; name the resources it may touch, or deny these actions in "
                "the same policy",
            )
