"""Compose the SCPs actually created: for every target, the statements of the blueprint's named
SCPs attached to it, packed into as few minified documents as fit the size limit and the free
attachment slots.

Pure and deterministic: statements are canonicalised (fixed key order, sorted lists) and packed
by a stable first-fit-decreasing, so the same blueprint always gives the same bytes and names,
whatever the order of its YAML.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from blueprint.model import Blueprint
from blueprint.policy_json import (
    DOCUMENT_OVERHEAD,
    canonical_statement,
    minified_document,
    minify,
)
from blueprint.quotas import free_scp_slots
from blueprint.semantics.context import did_you_mean
from blueprint.tree import OrgTree
from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY, QUARANTINE_SID

EXPIRED_QUARANTINE = "expired-quarantine"
POLICY_NAME_PREFIX = "org-iam-"  # every SCP org-iam creates is named so in AWS


@dataclass(frozen=True, order=True)
class Target:
    kind: str  # "ou" or "account"
    key: str  # OU path or account key

    @property
    def label(self) -> str:
        return f"OU '{self.key}'" if self.kind == "ou" else f"account '{self.key}'"

    @property
    def slug(self) -> str:
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class ComposedPolicy:
    name: str
    content: str  # minified JSON exactly as it will be stored
    sids: tuple[str, ...]
    sources: tuple[str, ...]  # the blueprint's SCP names it implements
    description: str


@dataclass(frozen=True)
class Problem:
    path: tuple
    message: str


@dataclass
class GuardrailPlan:
    policies: dict[str, ComposedPolicy] = field(default_factory=dict)
    attachments: dict[Target, tuple[str, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def policies_on(self, target: Target) -> list[ComposedPolicy]:
        return [self.policies[name] for name in self.attachments.get(target, ())]


def _named_statements(
    blueprint: Blueprint, ctx: GuardrailContext, plan: GuardrailPlan
) -> dict[str, dict[str, dict]]:
    """SCP name -> Sid -> canonical statement, reporting unknown or clashing Sids."""
    result: dict[str, dict[str, dict]] = {}
    for name, scp in sorted(blueprint.service_control_policies.items()):
        where = ("service_control_policies", name)
        statements: dict[str, dict] = {}
        for index, sid in enumerate(scp.statements):
            entry = LIBRARY.get(sid)
            if entry is None:
                plan.problems.append(
                    Problem(
                        (*where, "statements", index),
                        f"unknown guardrail statement '{sid}'{did_you_mean(sid, LIBRARY)}",
                    )
                )
                continue
            if sid == "ProtectBoundaryPolicies" and not ctx.boundary_policies:
                plan.problems.append(
                    Problem(
                        (*where, "statements", index),
                        "ProtectBoundaryPolicies protects nothing: the blueprint defines no "
                        "permission_boundaries",
                    )
                )
                continue
            statements[sid] = canonical_statement(entry.render(ctx))
        for index, custom in enumerate(scp.custom_statements):
            at = (*where, "custom_statements", index)
            if custom.Sid is None:
                plan.problems.append(Problem(at, "a custom SCP statement needs a 'Sid'"))
            elif custom.Sid in LIBRARY:
                plan.problems.append(
                    Problem(at, f"Sid '{custom.Sid}' is a library statement; choose another Sid")
                )
            elif custom.Sid in statements:
                plan.problems.append(Problem(at, f"Sid '{custom.Sid}' is used twice in '{name}'"))
            else:
                rendered = custom.model_dump(exclude_none=True)
                statements[custom.Sid] = canonical_statement(rendered)
        result[name] = statements
    return result


def _pack(statements: list[dict], limit: int) -> list[list[dict]] | None:
    """First-fit decreasing by size, ties by Sid; None when one statement alone is too large."""
    sized = sorted(((len(minify(s)), s["Sid"], s) for s in statements), key=lambda t: (-t[0], t[1]))
    bins: list[tuple[int, list[dict]]] = []
    for size, _, statement in sized:
        if size + DOCUMENT_OVERHEAD > limit:
            return None
        for index, (used, members) in enumerate(bins):
            if used + 1 + size <= limit:
                members.append(statement)
                bins[index] = (used + 1 + size, members)
                break
        else:
            bins.append((DOCUMENT_OVERHEAD + size, [statement]))
    packed = [sorted(members, key=lambda s: s["Sid"]) for _, members in bins]
    return sorted(packed, key=lambda members: members[0]["Sid"])


def _policy_name(group: tuple[str, ...]) -> str:
    name = "+".join(group)
    if len(name) <= 100:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[:90]}-{digest}"


class _Composer:
    def __init__(self, blueprint: Blueprint, tree: OrgTree, today: datetime.date):
        self.blueprint = blueprint
        self.tree = tree
        self.today = today
        self.ctx = GuardrailContext.from_blueprint(blueprint)
        self.plan = GuardrailPlan()
        self.named = _named_statements(blueprint, self.ctx, self.plan)
        self.limit = blueprint.organization.scp_size_limit
        self.groups: dict[tuple[str, ...], tuple[str, ...] | None] = {}

    def group_policies(self, group: tuple[str, ...], where: tuple) -> tuple[str, ...] | None:
        if group in self.groups:
            return self.groups[group]
        merged: dict[str, dict] = {}
        for name in group:
            for sid, statement in self.named.get(name, {}).items():
                if sid in merged and merged[sid] != statement:
                    self.plan.problems.append(
                        Problem(where, f"Sid '{sid}' differs between {' and '.join(group)}")
                    )
                merged.setdefault(sid, statement)
        packed = _pack(list(merged.values()), self.limit)
        if packed is None:
            sid, size = max(((s, len(minify(v))) for s, v in merged.items()), key=lambda t: t[1])
            over = size + DOCUMENT_OVERHEAD - self.limit
            self.plan.problems.append(
                Problem(
                    where,
                    f"statement '{sid}' alone makes a {size + DOCUMENT_OVERHEAD}-character SCP, "
                    f"{over} over the {self.limit}-character limit; split it",
                )
            )
            self.groups[group] = None
            return None
        base = _policy_name(group)
        names = []
        for index, members in enumerate(packed, 1):
            name = base if len(packed) == 1 else f"{base}-{index}"
            part = "" if len(packed) == 1 else f" (part {index} of {len(packed)})"
            self.plan.policies[name] = ComposedPolicy(
                name=name,
                content=minified_document(members),
                sids=tuple(s["Sid"] for s in members),
                sources=group,
                description=f"org-iam guardrails: {', '.join(group)}{part}"[:512],
            )
            names.append(name)
        self.groups[group] = tuple(names)
        return self.groups[group]

    def attach(self, target: Target, scps: list[str], where: tuple, quarantine: bool, reserve: int):
        names: list[str] = []
        if scps:
            packed = self.group_policies(tuple(sorted(set(scps))), (*where, "scps"))
            if packed is None:
                return
            names.extend(packed)
        if quarantine:
            names.append(self.quarantine_policy())
        free = free_scp_slots(self.blueprint.organization.reserved_scp_slots)
        if len(names) + reserve > free:
            total = sum(len(self.plan.policies[n].content) for n in names)
            self.plan.problems.append(
                Problem(
                    (*where, "scps"),
                    f"{target.label} needs {len(names)} SCPs ({total} characters after packing)"
                    + (" plus 1 slot kept for expiry quarantine" if reserve else "")
                    + f" but has {free} free slots; over by {len(names) + reserve - free}",
                )
            )
        if names:
            self.plan.attachments[target] = tuple(names)

    def quarantine_policy(self) -> str:
        if EXPIRED_QUARANTINE not in self.plan.policies:
            statement = canonical_statement(LIBRARY[QUARANTINE_SID].render(self.ctx))
            self.plan.policies[EXPIRED_QUARANTINE] = ComposedPolicy(
                name=EXPIRED_QUARANTINE,
                content=minified_document([statement]),
                sids=(QUARANTINE_SID,),
                sources=(),
                description="org-iam: quarantine of accounts past their expiry date",
            )
        return EXPIRED_QUARANTINE

    def compose(self) -> GuardrailPlan:
        for node in self.tree:
            self.attach(Target("ou", node.path), node.unit.scps, node.yaml_path, False, 0)
        management = self.blueprint.organization.management_account
        for key, account in sorted(self.blueprint.accounts.items()):
            if key == management:
                continue
            expired = account.expires is not None and account.expires < self.today
            reserve = 1 if account.expires is not None and not expired else 0
            self.attach(Target("account", key), account.scps, ("accounts", key), expired, reserve)
        return self.plan


def compose_guardrails(blueprint: Blueprint, tree: OrgTree, today: datetime.date) -> GuardrailPlan:
    return _Composer(blueprint, tree, today).compose()
