"""Checks on `access_assertions`: every OU, account and holder they name exists."""

from __future__ import annotations

from blueprint.model import EMERGENCY_HOLDERS
from blueprint.semantics.context import Context


def check_access_assertions(ctx: Context) -> None:
    holders = set(EMERGENCY_HOLDERS) | set(ctx.blueprint.permission_sets)
    for name, assertion in sorted(ctx.blueprint.access_assertions.items()):
        where = ("access_assertions", name)
        for position, holder in enumerate(assertion.only):
            if holder not in holders:
                ctx.unknown((*where, "only", position), "holder", holder, holders)
        for position, reference in enumerate(assertion.ous):
            paths = ctx.tree.resolve(reference)
            if not paths:
                known = {n for node in ctx.tree for n in (node.path, node.name)}
                ctx.unknown((*where, "ous", position), "OU", reference, known)
            elif len(paths) > 1:
                ctx.error(
                    (*where, "ous", position),
                    f"OU name '{reference}' is ambiguous; write its path: {' or '.join(paths)}",
                )
        for position, key in enumerate(assertion.accounts):
            if key not in ctx.blueprint.accounts:
                ctx.unknown((*where, "accounts", position), "account", key, ctx.blueprint.accounts)
