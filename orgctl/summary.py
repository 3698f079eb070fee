"""The plan summary a reviewer reads in a minute: the OU and account tree with the SCPs in
effect on each target (size, slots), who gets which permission set where, the alarms, and
resource counts."""

from __future__ import annotations

from collections import Counter

from blueprint.access import grants
from blueprint.model import Blueprint
from blueprint.quotas import FULL_AWS_ACCESS_SLOTS, SCP_POLICIES_PER_TARGET
from blueprint.tree import OrgTree
from guardrails.compose import GuardrailPlan, Target
from monitoring.alarm_catalog import alarms_for


def _scps(plan: GuardrailPlan, target: Target, blueprint: Blueprint) -> str:
    policies = plan.policies_on(target)
    if not policies:
        return ""
    used = FULL_AWS_ACCESS_SLOTS + len(policies) + blueprint.organization.reserved_scp_slots
    limit = blueprint.organization.scp_size_limit
    parts = ", ".join(f"{p.name} {len(p.content)}/{limit}" for p in policies)
    return f"  [SCP {parts}; slots {used}/{SCP_POLICIES_PER_TARGET}]"


def _account_line(key: str, blueprint: Blueprint, plan: GuardrailPlan) -> str:
    account = blueprint.accounts[key]
    origin = f"adopt {account.id}" if account.id else "new"
    flags = []
    if account.expires:
        flags.append(f"expires {account.expires.isoformat()}")
    label = f"{key} ({origin}{', ' + ', '.join(flags) if flags else ''})"
    return label + _scps(plan, Target("account", key), blueprint)


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
            lines.append(
                f"{prefix}{branch}{node.name} ({', '.join(facts)})"
                + _scps(plan, Target("ou", node.path), blueprint)
            )
            accounts = sorted(node.unit.accounts)
            sub = [n for n in tree if n.parent_path == node.path]
            for position, key in enumerate(accounts):
                tail = "└── " if position == len(accounts) - 1 and not sub else "├── "
                lines.append(f"{prefix}{indent}{tail}{_account_line(key, blueprint, plan)}")
            walk(node.path, prefix + indent)

    walk(None, "  ")
    return lines


def access_lines(blueprint: Blueprint, tree: OrgTree) -> list[str]:
    by_pair: dict[tuple[str, str], list[str]] = {}
    for grant in grants(blueprint, tree):
        by_pair.setdefault((grant.group, grant.permission_set), []).append(grant.account)
    width = max((len(g) for g, _ in by_pair), default=10)
    return [
        f"  {group:<{width}}  {permission_set:<14} → {', '.join(accounts)}"
        for (group, permission_set), accounts in sorted(by_pair.items())
    ]


def alarm_lines(blueprint: Blueprint) -> list[str]:
    specs = alarms_for(blueprint)
    counts = Counter(spec.alarm_set for spec in specs)
    sets = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    return [
        f"  {len(specs)} metric filters with alarms ({sets}) → {blueprint.monitoring.alert_topic}"
    ]


def resource_lines(export: dict) -> list[str]:
    counts = Counter(
        r["type"] for r in export["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack"
    )
    total = sum(counts.values())
    rows = [
        f"  {count:>4}  {type_}"
        for type_, count in sorted(counts.items(), key=lambda t: (-t[1], t[0]))
    ]
    return [f"  {total} resources", *rows]


def render(blueprint: Blueprint, tree: OrgTree, plan: GuardrailPlan, export: dict) -> str:
    sections = [
        (
            "Organization (SCPs in effect per target: size/limit, slots used incl. FullAWSAccess)",
            tree_lines(blueprint, tree, plan),
        ),
        ("Access (group, permission set → accounts)", access_lines(blueprint, tree)),
        ("Alarms", alarm_lines(blueprint)),
        ("Resources", resource_lines(export)),
    ]
    return "\n".join(f"{title}\n" + "\n".join(lines) + "\n" for title, lines in sections)
