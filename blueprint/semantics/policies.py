"""Checks on the policy text the blueprint carries: custom SCP statements, boundary extra
statements and inline policies. Each action, condition operator and condition key is judged
where it is written, so the message points at the exact list item."""

from __future__ import annotations

from collections.abc import Iterator

from blueprint.diagnostics import Path
from blueprint.model import PolicyStatement
from blueprint.policy_language import (
    Finding,
    check_action,
    check_condition_key,
    check_operator,
)
from blueprint.semantics.context import Context


def _statements(ctx: Context) -> Iterator[tuple[Path, PolicyStatement]]:
    blueprint = ctx.blueprint
    for name, scp in sorted(blueprint.service_control_policies.items()):
        for index, statement in enumerate(scp.custom_statements):
            yield ("service_control_policies", name, "custom_statements", index), statement
    for name, boundary in sorted(blueprint.permission_boundaries.items()):
        for index, statement in enumerate(boundary.extra_statements):
            yield ("permission_boundaries", name, "extra_statements", index), statement
    for name, permission_set in sorted(blueprint.permission_sets.items()):
        if permission_set.inline_policy is not None:
            for index, statement in enumerate(permission_set.inline_policy.Statement):
                yield ("permission_sets", name, "inline_policy", "Statement", index), statement


def _report(ctx: Context, path: Path, finding: Finding | None, *, at_key: bool = False) -> None:
    if finding is None:
        return
    if finding.severity == "error":
        ctx.error(path, finding.message, at_key=at_key)
    else:
        ctx.warning(path, finding.message, at_key=at_key)


def check_policy_language(ctx: Context) -> None:
    for where, statement in _statements(ctx):
        for field_name in ("Action", "NotAction"):
            value = getattr(statement, field_name)
            if isinstance(value, str):
                _report(ctx, (*where, field_name), check_action(value))
            elif value is not None:
                for index, action in enumerate(value):
                    _report(ctx, (*where, field_name, index), check_action(action))
        for operator, keys in sorted((statement.Condition or {}).items()):
            at_operator = (*where, "Condition", operator)
            # Operators and keys are mapping keys in the YAML: point at the key itself.
            _report(ctx, at_operator, check_operator(operator), at_key=True)
            for key in sorted(keys):
                _report(ctx, (*at_operator, key), check_condition_key(key), at_key=True)
