"""Compare the live organization with what a blueprint deploys, area by area, in words.

SCPs are compared by the statements in effect on each OU and account (whitespace, order, Sids and
policy names aside): that is what restricts people, and org-iam packs statements into policies
of its own naming. Pure: a blueprint and a snapshot in, sorted findings out.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass

from blueprint import Blueprint, OrgTree
from blueprint.access import grants
from guardrails.compose import compose_guardrails
from identity.permission_sets import managed_policy_arn
from org.service_principals import delegated_principals
from orgctl.live.snapshot import LiveSnapshot
from orgctl.live.statements import DocumentError, document_statements, statement_key

MISSING, EXTRA, CHANGED = "missing", "extra", "changed"
AREAS = (
    "organizational units",
    "accounts",
    "service control policies",
    "permission sets",
    "assignments",
    "management IAM users",
    "delegated administrators",
)


@dataclass(frozen=True, order=True)
class Finding:
    area: str
    change: str  # missing (blueprint only), extra (live only) or changed
    subject: str
    message: str


def find_drift(
    blueprint: Blueprint, tree: OrgTree, today: datetime.date, live: LiveSnapshot
) -> list[Finding]:
    found: list[Finding] = []
    ids = {key: account.id for key, account in blueprint.accounts.items() if account.id}
    _units(tree, live, found)
    _accounts(blueprint, tree, live, ids, found)
    _guardrails(blueprint, tree, today, live, ids, found)
    _permission_sets(blueprint, live, found)
    _assignments(blueprint, tree, live, ids, found)
    _iam_users(blueprint, live, found)
    _delegations(blueprint, live, ids, found)
    return sorted(set(found), key=lambda f: (AREAS.index(f.area), f.subject, f.change, f.message))


def _units(tree: OrgTree, live: LiveSnapshot, found: list) -> None:
    area = AREAS[0]
    wanted = {node.path for node in tree}
    actual = {ou.path for ou in live.ous}
    for path in sorted(wanted - actual):
        found.append(Finding(area, MISSING, path, f"OU '{path}' is in the blueprint but not live"))
    for path in sorted(actual - wanted):
        found.append(Finding(area, EXTRA, path, f"OU '{path}' exists but is not in the blueprint"))


def _accounts(blueprint, tree, live: LiveSnapshot, ids: dict, found: list) -> None:
    area = AREAS[1]
    management = blueprint.organization.management_account
    known = set(ids.values())
    for key, account in sorted(blueprint.accounts.items()):
        if key == management:
            continue
        if account.id is None:
            found.append(Finding(area, MISSING, key, f"account '{key}' has no id yet: not created"))
            continue
        live_account = live.account(account.id)
        if live_account is None:
            found.append(
                Finding(
                    area, MISSING, key, f"account '{key}' ({account.id}) is not in the organization"
                )
            )
            continue
        node = tree.ou_of(key)
        actual = live.parent_path(live_account.parent_id)
        if node is not None and actual != node.path:
            where = f"in '{actual}'" if actual else "at the root"
            found.append(
                Finding(
                    area,
                    CHANGED,
                    key,
                    f"account '{key}' is {where}; the blueprint places it in '{node.path}'",
                )
            )
    for account in live.accounts:
        if account.id not in known and account.id != live.organization.management_account_id:
            path = live.parent_path(account.parent_id)
            where = f"in '{path}'" if path else "at the root"
            found.append(
                Finding(
                    area,
                    EXTRA,
                    account.name,
                    f"account '{account.name}' ({account.id}) {where} is not in the blueprint",
                )
            )


def _statements(content: str) -> list[tuple[str, str]]:
    """(key, Sid) per statement; an unreadable document counts as one opaque statement."""
    try:
        return [
            (statement_key(s), s.get("Sid") or "(no Sid)") for s in document_statements(content)
        ]
    except DocumentError:
        return [(content, "(not a policy document)")]


def _guardrails(blueprint, tree, today, live: LiveSnapshot, ids: dict, found: list) -> None:
    area = AREAS[2]
    plan = compose_guardrails(blueprint, tree, today)
    targets: dict[str, tuple[str, str]] = {}  # live id -> (label, subject)
    for node in tree:
        ou = live.ou_by_path(node.path)
        if ou is not None:
            targets[ou.id] = (f"OU '{node.path}'", f"ou:{node.path}")
    for key in blueprint.accounts:
        if key != blueprint.organization.management_account and key in ids:
            targets[ids[key]] = (f"account '{key}'", f"account:{key}")
    expected: dict[str, Counter] = {}
    names: dict[tuple[str, str], str] = {}
    for target in plan.attachments:
        live_id = (
            live.ou_by_path(target.key).id
            if target.kind == "ou" and live.ou_by_path(target.key)
            else ids.get(target.key)
        )
        if live_id is None:
            continue
        for policy in plan.policies_on(target):
            for key, sid in _statements(policy.content):
                expected.setdefault(live_id, Counter())[key] += 1
                names[(live_id, key)] = f"'{sid}' of org-iam's '{policy.name}'"
    for scp in live.scps_on(live.organization.root_id):
        found.append(
            Finding(
                area,
                EXTRA,
                "root",
                f"the root carries SCP '{scp.name}'; the blueprint attaches none there",
            )
        )
    for live_id, (label, subject) in sorted(targets.items(), key=lambda t: t[1]):
        actual: Counter = Counter()
        live_names: dict[str, str] = {}
        for scp in live.scps_on(live_id):
            for key, sid in _statements(scp.content):
                actual[key] += 1
                live_names[key] = f"'{sid}' of SCP '{scp.name}'"
        wanted = expected.get(live_id, Counter())
        for key in sorted(actual - wanted):
            found.append(
                Finding(
                    area,
                    EXTRA,
                    subject,
                    f"{label} carries statement {live_names[key]}, which the blueprint does not "
                    f"attach there",
                )
            )
        for key in sorted(wanted - actual):
            found.append(
                Finding(
                    area,
                    MISSING,
                    subject,
                    f"{label} lacks statement {names[(live_id, key)]}",
                )
            )


def _inline_keys(text: str | None) -> list[str] | None:
    if not text:
        return None
    return sorted(k for k, _ in _statements(text))


def _permission_sets(blueprint: Blueprint, live: LiveSnapshot, found: list) -> None:
    area = AREAS[3]
    actual = {ps.name: ps for ps in live.permission_sets}
    for name, spec in sorted(blueprint.permission_sets.items()):
        ps = actual.get(name)
        if ps is None:
            found.append(Finding(area, MISSING, name, f"permission set '{name}' does not exist"))
            continue
        for what, have, want in _set_differences(blueprint, spec, ps):
            found.append(
                Finding(
                    area,
                    CHANGED,
                    name,
                    f"permission set '{name}': {what} is {have}; the blueprint says {want}",
                )
            )
    for name in sorted(set(actual) - set(blueprint.permission_sets)):
        found.append(Finding(area, EXTRA, name, f"permission set '{name}' is not in the blueprint"))


def _set_differences(blueprint: Blueprint, spec, ps) -> list[tuple[str, str, str]]:
    """(what, live value, blueprint value) for each part of a set that differs."""
    differences = []
    if ps.effective_session != spec.session_duration:
        differences.append(("session length", ps.effective_session, spec.session_duration))
    managed = sorted(managed_policy_arn(blueprint.partition, r) for r in spec.managed_policies)
    if list(ps.managed_policies) != managed:
        differences.append(("managed policies", _list(ps.managed_policies), _list(managed)))
    customer = sorted(f"{c.path}{c.name}" for c in spec.customer_managed_policies)
    have = sorted(f"{c.path}{c.name}" for c in ps.customer_managed_policies)
    if have != customer:
        differences.append(("customer-managed policies", _list(have), _list(customer)))
    inline = None
    if spec.inline_policy is not None:
        inline = _inline_keys(json.dumps(spec.inline_policy.model_dump(exclude_none=True)))
    if _inline_keys(ps.inline_policy) != inline:
        want = "a different one" if inline and ps.inline_policy else ("one" if inline else "none")
        differences.append(("inline policy", "set" if ps.inline_policy else "absent", want))
    boundary = None
    if spec.boundary:
        boundary = f"{blueprint.permission_boundaries[spec.boundary].path}{spec.boundary}"
    live_boundary = (
        f"{ps.boundary.path}{ps.boundary.name}" if ps.boundary else ps.boundary_managed_arn
    )
    if live_boundary != boundary:
        differences.append(("boundary", live_boundary or "none", boundary or "none"))
    return differences


def _list(items) -> str:
    return "[" + ", ".join(items) + "]" if items else "none"


def _assignments(blueprint, tree, live: LiveSnapshot, ids: dict, found: list) -> None:
    area = AREAS[4]
    names = {key: group.display_name or key for key, group in blueprint.groups.items()}
    keys = {account_id: key for key, account_id in ids.items()}
    wanted = {
        (g.permission_set, "GROUP", names[g.group], ids[g.account])
        for g in grants(blueprint, tree)
        if g.account in ids
    }
    actual = set()
    for assignment in live.assignments:
        ps = live.permission_set(assignment.permission_set_arn)
        actual.add(
            (
                ps.name if ps else assignment.permission_set_arn,
                assignment.principal_type,
                live.principal_name(assignment),
                assignment.account_id,
            )
        )
    for ps, kind, principal, account_id in sorted(actual - wanted):
        where = keys.get(account_id, account_id)
        who = f"group '{principal}'" if kind == "GROUP" else f"the user '{principal}' directly"
        found.append(
            Finding(
                area,
                EXTRA,
                f"{ps}@{where}",
                f"{who} gets '{ps}' in '{where}', which the blueprint does not grant"
                + ("" if kind == "GROUP" else " (the blueprint assigns groups only)"),
            )
        )
    for ps, _, principal, account_id in sorted(wanted - actual):
        where = keys[account_id]
        found.append(
            Finding(
                area,
                MISSING,
                f"{ps}@{where}",
                f"group '{principal}' does not get '{ps}' in '{where}'",
            )
        )


def _iam_users(blueprint: Blueprint, live: LiveSnapshot, found: list) -> None:
    area = AREAS[5]
    wanted = set(blueprint.break_glass.users)
    actual = {user.name for user in live.management_iam_users}
    for name in sorted(actual - wanted):
        found.append(
            Finding(
                area,
                EXTRA,
                name,
                f"IAM user '{name}' in the management account is not a break-glass user",
            )
        )
    for name in sorted(wanted - actual):
        found.append(Finding(area, MISSING, name, f"break-glass user '{name}' does not exist"))


def _delegations(blueprint: Blueprint, live: LiveSnapshot, ids: dict, found: list) -> None:
    area = AREAS[6]
    security_key = blueprint.organization.security_account
    security = ids.get(security_key)
    wanted = {(p, security) for p in delegated_principals(blueprint.monitoring)}
    actual = {(d.service_principal, d.account_id) for d in live.delegated_admins}
    keys = {account_id: key for key, account_id in ids.items()}
    for principal, account_id in sorted(actual - wanted):
        holder = keys.get(account_id, account_id)
        found.append(
            Finding(
                area,
                EXTRA,
                principal,
                f"{principal} is delegated to '{holder}', which the blueprint does not do",
            )
        )
    for principal, _ in sorted(wanted - actual):
        found.append(
            Finding(
                area,
                MISSING,
                principal,
                f"{principal} is not delegated to the security account '{security_key}'",
            )
        )
