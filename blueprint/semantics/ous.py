"""Checks on `organizational_units`: nesting depth, PCI scope inheritance, SCP attachments."""

from __future__ import annotations

from blueprint.quotas import OU_NESTING_DEPTH as MAX_OU_DEPTH
from blueprint.semantics.context import Context


def check_depth(ctx: Context) -> None:
    for node in ctx.tree:
        if node.depth == MAX_OU_DEPTH + 1:
            ctx.error(
                node.yaml_path,
                f"OU '{node.path}' is {node.depth} levels below the root; AWS Organizations "
                f"allows at most {MAX_OU_DEPTH}",
                at_key=True,
            )


def check_pci_inheritance(ctx: Context) -> None:
    for node in ctx.tree:
        parent = ctx.tree.nodes.get(node.parent_path) if node.parent_path else None
        if parent is not None and parent.pci_scope and node.unit.pci_scope is False:
            ctx.error(
                (*node.yaml_path, "pci_scope"),
                f"OU '{node.path}' sets pci_scope: false below '{parent.path}', which is in "
                "PCI scope; an OU inside the cardholder data environment cannot leave it",
            )


def _check_attachments(ctx: Context, where: tuple, target: str, scps: list[str]) -> None:
    known = ctx.blueprint.service_control_policies
    seen: set[str] = set()
    for index, name in enumerate(scps):
        if name not in known:
            ctx.unknown((*where, "scps", index), "service control policy", name, known)
        elif name in seen:
            ctx.error((*where, "scps", index), f"SCP '{name}' is attached to {target} twice")
        seen.add(name)
    # How many SCPs a target needs is decided after packing (guardrails.compose), which also
    # reports a target over its free slots: several small SCPs may pack into one.


def check_scp_attachments(ctx: Context) -> None:
    for node in ctx.tree:
        _check_attachments(ctx, node.yaml_path, f"OU '{node.path}'", node.unit.scps)
    management = ctx.blueprint.organization.management_account
    for key, account in sorted(ctx.blueprint.accounts.items()):
        if key == management and account.scps:
            ctx.error(
                ("accounts", key, "scps"),
                "SCPs never restrict the management account; attach them to OUs instead",
            )
            continue
        _check_attachments(ctx, ("accounts", key), f"account '{key}'", account.scps)
