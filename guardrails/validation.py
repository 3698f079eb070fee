"""Guardrail rules that need the composed SCPs: unknown library Sids, oversized statements,
targets whose packed SCPs do not fit their free slots. Reported as located blueprint errors."""

from __future__ import annotations

from blueprint.semantics import Context
from guardrails.compose import compose_guardrails


def check_guardrails(ctx: Context) -> None:
    plan = compose_guardrails(ctx.blueprint, ctx.tree, ctx.today)
    for problem in plan.problems:
        ctx.error(problem.path, problem.message)
