"""The plan summary a reviewer reads in a minute: the OU and account tree with the SCPs in
effect on each target (attached there, and inherited from above), who gets which permission
set where (break-glass included), the alarms, and the resource count on one line."""

from __future__ import annotations

from collections import Counter

from blueprint.access import grants
from blueprint.model import Blueprint
from blueprint.quotas import FULL_AWS_ACCESS_SLOTS, SCP_POLICIES_PER_TARGET
from blueprint.tree import OrgTree
from guardrails.compose import GuardrailPlan, Target
from monitoring.alarm_catalog import alarms_for
from orgctl.evidence.words import plain_type


def _inherited(plan: GuardrailPlan, above: list[tuple[str, Target]]) -> str:
    """SCPs attached further up, root side first, each with where it comes from."""
    parts = [
        f"{', '.join(p.name for p in plan.policies_on(target))} from {name}"
        for name, target in above
        if plan.policies_on(target)
    ]
    return f"inherited {'; '.join(parts)}" if parts else ""


def _scps(
    plan: GuardrailPlan,
    target: Target,
    blueprint: Blueprint,
    above: list[tuple[str, Target]],
    show_inherited: bool = True,
) -> str:
    policies = plan.policies_on(target)
    facts = []
    if policies:
        used = FULL_AWS_ACCESS_SLOTS + len(policies) + blueprint.organization.reserved_scp_slots
        limit = blueprint.organization.scp_size_limit
        parts = ", ".join(f"{p.name} {len(p.content)}/{limit}" for p in policies)
        facts.append(f"SCP {parts}; slots {used}/{SCP_POLICIES_PER_TARGET}")
    inherited = _inherited(plan, above) if (show_inherited or policies) else ""
    if inherited:
        facts.append(inherited)
    return f"  [{'; '.join(facts)}]" if facts else ""


def _ou_chain(tree: OrgTree, path: str | None) -> list[tuple[str, Target]]:
    """The OUs from the top down to `path`, as SCP targets."""
    if path is None:
        return []
    return [(n.name, Target("ou", n.path)) for n in reversed(tree.ancestors(path))]


def _account_line(
    key: str, blueprint: Blueprint, plan: GuardrailPlan, above: list[tuple[str, Target]]
) -> str:
    account = blueprint.accounts[key]
    origin = f"adopt {account.id}" if account.id else "new"
    flags = []
    if account.expires:
        flags.append(f"expires {account.expires.isoformat()}")
    label = f"{key} ({origin}{', ' + ', '.join(flags) if flags else ''})"
    # An account without SCPs of its own has exactly its OU's, shown on the OU's line.
    return label + _scps(plan, Target("account", key), blueprint, above, show_inherited=False)


def tree_lines(blueprint: Blueprint, tree: OrgTree, plan: GuardrailPlan) -> list[str]:
    org = blueprint.organization
    origin = f"adopt {org.id}" if org.id else "new"
    lines = [
        f"Root: organization {org.name} ({origin}), management account {org.management_account}"
    ]

    def walk(path: str | None, prefix: str) -> None:
        children = sorted((n for n in tree if n.parent_path == path), key=lambda n: n.path)
        for index, node in enumerate(children):
            last = index == len(children) - 1
            branch, indent = ("└── ", "    ") if last else ("├── ", "│   ")
            facts = [node.environment or "no environment"]
            if node.pci_scope:
                facts.append("PCI")
            above = _ou_chain(tree, node.parent_path)
            lines.append(
                f"{prefix}{branch}{node.name} ({', '.join(facts)})"
                + _scps(plan, Target("ou", node.path), blueprint, above)
            )
            accounts = sorted(node.unit.accounts)
            sub = [n for n in tree if n.parent_path == node.path]
            chain = _ou_chain(tree, node.path)
            for position, key in enumerate(accounts):
                tail = "└── " if position == len(accounts) - 1 and not sub else "├── "
                account_line = _account_line(key, blueprint, plan, chain)
                lines.append(f"{prefix}{indent}{tail}{account_line}")
            walk(node.path, prefix + indent)

    walk(None, "  ")
    return lines


def access_lines(blueprint: Blueprint, tree: OrgTree) -> list[str]:
    by_pair: dict[tuple[str, str], list[str]] = {}
    for grant in grants(blueprint, tree):
        by_pair.setdefault((grant.group, grant.permission_set), []).append(grant.account)
    glass = blueprint.break_glass
    users = "break-glass users"
    width = max([len(users), *(len(g) for g, _ in by_pair)])
    lines = [
        f"  {group:<{width}}  {permission_set:<14} → {', '.join(accounts)}"
        for (group, permission_set), accounts in sorted(by_pair.items())
    ]
    lines.append(
        f"  {users:<{width}}  {glass.role_name:<14} → every account (IAM role for "
        f"{', '.join(glass.users)}; MFA at most {glass.mfa_max_age_seconds} s old; "
        f"every use alerts {glass.alert_topic})"
    )
    return lines


def alarm_lines(blueprint: Blueprint) -> list[str]:
    specs = alarms_for(blueprint)
    counts = Counter(spec.alarm_set for spec in specs)
    sets = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    return [
        f"  {len(specs)} metric filters with alarms ({sets}) → {blueprint.monitoring.alert_topic}"
    ]


def resource_lines(export: dict, shown: int = 5) -> list[str]:
    """One line: the total and the most numerous kinds (the full list is in plan.json)."""
    counts = Counter(
        r["type"]
        for r in export["deployment"]["resources"]
        if r["type"] != "pulumi:pulumi:Stack" and r.get("custom", True)
    )
    components = sum(
        1
        for r in export["deployment"]["resources"]
        if r["type"] != "pulumi:pulumi:Stack" and not r.get("custom", True)
    )
    top = sorted(counts.items(), key=lambda t: (-t[1], t[0]))[:shown]
    most = ", ".join(f"{count} {plain_type(type_)}" for type_, count in top)
    return [
        f"  {sum(counts.values()) + components} resources ({components} components) of "
        f"{len(counts)} AWS types; most: {most}"
    ]


def render(blueprint: Blueprint, tree: OrgTree, plan: GuardrailPlan, export: dict) -> str:
    sections = [
        (
            "Organization (SCPs in effect: attached here with size/limit and slots used incl. "
            "FullAWSAccess, then inherited from above; an account without its own has its OU's)",
            tree_lines(blueprint, tree, plan),
        ),
        ("Access (group, permission set → accounts)", access_lines(blueprint, tree)),
        ("Alarms", alarm_lines(blueprint)),
        ("Resources", resource_lines(export)),
    ]
    return "\n".join(f"{title}\n" + "\n".join(lines) + "\n" for title, lines in sections)
