"""Checks on `permission_sets`, `groups`, `assignments` and `break_glass`."""

from __future__ import annotations

from blueprint.durations import parse_minutes
from blueprint.model import Assignment
from blueprint.privilege import is_admin_like
from blueprint.quotas import ADMIN_MAX_SESSION_HOURS, MAX_SESSION_HOURS
from blueprint.semantics.context import Context


def check_permission_sets(ctx: Context) -> None:
    boundaries = ctx.blueprint.permission_boundaries
    quota = ctx.blueprint.organization.managed_policies_per_role
    for name, permission_set in sorted(ctx.blueprint.permission_sets.items()):
        where = ("permission_sets", name)
        if permission_set.boundary is not None and permission_set.boundary not in boundaries:
            ctx.unknown(
                (*where, "boundary"), "permission boundary", permission_set.boundary, boundaries
            )
        attached = len(permission_set.managed_policies) + len(
            permission_set.customer_managed_policies
        )
        if attached > quota:
            ctx.error(
                (*where, "managed_policies"),
                f"permission set '{name}' attaches {attached} managed policies; the roles it "
                f"creates allow {quota} (organization.managed_policies_per_role, the IAM quota)",
            )
        if len(set(permission_set.managed_policies)) != len(permission_set.managed_policies):
            ctx.error((*where, "managed_policies"), "a managed policy is listed twice")


def check_session_durations(ctx: Context) -> None:
    """The policy pack's session caps, refused here first: 8 h, 1 h for administrator-level."""
    for name, permission_set in sorted(ctx.blueprint.permission_sets.items()):
        hours = parse_minutes(permission_set.session_duration) / 60
        admin = is_admin_like(permission_set)
        cap = ADMIN_MAX_SESSION_HOURS if admin else MAX_SESSION_HOURS
        if hours > cap:
            kind = "an administrator-level set" if admin else "a permission set"
            ctx.error(
                ("permission_sets", name, "session_duration"),
                f"permission set '{name}' has {hours:g}-hour sessions; {kind} may have at most "
                f"{cap} h (PCI-DSS 8.2.8: shorter sessions limit an unattended one)",
            )


def _targets(ctx: Context, index: int, assignment: Assignment) -> dict[str, tuple]:
    """Account key -> the blueprint path that grants it, for every resolvable target."""
    accounts = ctx.blueprint.accounts
    granted: dict[str, tuple] = {}
    for position, reference in enumerate(assignment.ous):
        where = ("assignments", index, "ous", position)
        paths = ctx.tree.resolve(reference)
        if not paths:
            ctx.unknown(where, "OU", reference, [node.path for node in ctx.tree])
        elif len(paths) > 1:
            ctx.error(
                where,
                f"OU name '{reference}' is ambiguous; write its path: {' or '.join(paths)}",
            )
        else:
            for account in ctx.tree.accounts_below(paths[0]):
                granted.setdefault(account, where)
    for position, key in enumerate(assignment.accounts):
        where = ("assignments", index, "accounts", position)
        if key not in accounts:
            ctx.unknown(where, "account", key, accounts)
        else:
            granted.setdefault(key, where)
    return granted


def _describe(ctx: Context, account: str) -> str:
    if account == ctx.blueprint.organization.management_account:
        return "the management account"
    node = ctx.tree.ou_of(account)
    if node is None:
        return "no OU"
    facts = [node.environment or "no environment"]
    if node.pci_scope:
        facts.append("PCI scope")
    return f"{node.path}, {', '.join(facts)}"


def check_assignments(ctx: Context) -> None:
    blueprint = ctx.blueprint
    granted_by: dict[tuple[str, str, str], tuple] = {}
    for index, assignment in enumerate(blueprint.assignments):
        if assignment.group not in blueprint.groups:
            ctx.unknown(
                ("assignments", index, "group"), "group", assignment.group, blueprint.groups
            )
        permission_set = blueprint.permission_sets.get(assignment.permission_set)
        if permission_set is None:
            ctx.unknown(
                ("assignments", index, "permission_set"),
                "permission set",
                assignment.permission_set,
                blueprint.permission_sets,
            )
        targets = _targets(ctx, index, assignment)
        if permission_set is None:
            continue
        name = assignment.permission_set
        admin = is_admin_like(permission_set)
        for account, where in sorted(targets.items()):
            node = ctx.tree.ou_of(account)
            environment = node.environment if node else None
            allowed = permission_set.environments
            if allowed is not None and environment not in allowed:
                ctx.error(
                    where,
                    f"permission set '{name}' into '{account}' ({_describe(ctx, account)}) — "
                    f"{name} is for {', '.join(allowed)} only; assign another set or move the "
                    "account",
                )
            if admin and node is not None and node.pci_scope and not assignment.pci_exception:
                ctx.error(
                    where,
                    f"permission set '{name}' into '{account}' ({_describe(ctx, account)}) — "
                    f"{name} is administrator-level and the account is in PCI scope; use a "
                    "narrower set, or state why in 'pci_exception'",
                )
            grant = (assignment.group, name, account)
            if grant in granted_by:
                first = granted_by[grant]
                ctx.warning(
                    where,
                    f"group '{assignment.group}' already gets '{name}' in '{account}' from "
                    f"{first[0]}[{first[1]}]; the duplicate grant is ignored",
                )
            granted_by.setdefault(grant, where)


def check_break_glass(ctx: Context) -> None:
    break_glass = ctx.blueprint.break_glass
    if len(set(break_glass.users)) != len(break_glass.users):
        ctx.error(("break_glass", "users"), "a break-glass user is listed twice")
    if len(break_glass.users) < 2:
        ctx.warning(
            ("break_glass", "users"),
            "one break-glass user is a single point of failure; AWS recommends two, each "
            "with its own hardware MFA kept apart",
        )
    protected = {
        ctx.blueprint.organization.access_role,
        *ctx.blueprint.organization.deployment_roles,
    }
    if break_glass.role_name in protected:
        ctx.error(
            ("break_glass", "role_name"),
            f"break-glass role '{break_glass.role_name}' must differ from the access and "
            "deployment roles",
        )
