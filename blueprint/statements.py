"""Plain IAM statement judgements shared by validation and the guardrail rules: whether a
statement covers an action (wildcards, NotAction, any letter case) and what a policy document
allows on every resource. The policy pack states the same in its own support module (it
imports nothing from the program); tests prove the verdicts agree."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def action_covers(patterns: Iterable[str], action: str) -> bool:
    # Action names are case-insensitive in IAM: `IAM:PassRole` is `iam:PassRole`.
    return any(fnmatch.fnmatchcase(action.lower(), str(p).lower()) for p in patterns)


def statement_covers(statement: Mapping, action: str) -> bool:
    """Whether the statement's Action (or everything outside its NotAction) covers `action`."""
    if "NotAction" in statement:
        return not action_covers(as_list(statement["NotAction"]), action)
    return action_covers(as_list(statement.get("Action")), action)


def on_every_resource(statement: Mapping) -> bool:
    return "*" in as_list(statement.get("Resource")) or "NotResource" in statement


def allows_everything(statement: Mapping) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    if "NotAction" in statement:
        return on_every_resource(statement)
    return on_every_resource(statement) and "*" in as_list(statement.get("Action"))


def allowed_on_everything(statements: list[Mapping], actions: Iterable[str]) -> list[str]:
    """Those of `actions` some Allow statement grants on every resource and no unconditional
    Deny of the same document takes back."""
    found = []
    for action in actions:
        allowed = any(
            s.get("Effect") == "Allow" and on_every_resource(s) and statement_covers(s, action)
            for s in statements
        )
        denied = any(
            s.get("Effect") == "Deny"
            and not s.get("Condition")
            and on_every_resource(s)
            and statement_covers(s, action)
            for s in statements
        )
        if allowed and not denied:
            found.append(action)
    return found
