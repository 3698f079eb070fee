"""`orgctl plan --diff OLD.json`: what a blueprint change creates, deletes and changes (old ->
new values; policy documents statement by statement), who gains or loses access, and, in
words, what cannot be undone or would stop `pulumi up` part-way.

Both sides are deployment exports (offline plans or `pulumi stack export`). Input changes are
what the program asks for; whether the provider updates in place or replaces a resource is
decided by `pulumi preview`, so this module never claims a replacement."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from orgctl.evidence.words import plain_type

ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
ACCOUNT = "aws:organizations/account:Account"
ROLE = "aws:iam/role:Role"
SKIPPED = ("pulumi:pulumi:Stack",)
# Inputs that hold IAM policy documents as JSON strings: diffed statement by statement.
DOCUMENT_INPUTS = ("content", "policy", "inlinePolicy", "assumeRolePolicy")
LIST_FIELDS = ("Action", "NotAction", "Resource", "NotResource")


@dataclass(frozen=True)
class PropertyChange:
    name: str  # dotted path into the inputs: "sessionDuration", "tags.org-iam:owner"
    old: Any = None
    new: Any = None
    statements: tuple[str, ...] = ()  # for policy documents: one line per statement change


@dataclass
class ResourceChange:
    action: str  # "create", "delete" or "update"
    type: str
    name: str
    urn: str
    properties: list[PropertyChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return plain_type(self.type)


@dataclass(frozen=True, order=True)
class Access:
    permission_set: str  # or the break-glass role name
    who: str  # group, or "break-glass users"
    account: str


@dataclass
class PlanDiff:
    changes: list[ResourceChange]
    gained: list[Access]
    lost: list[Access]

    @property
    def warnings(self) -> list[str]:
        return [w for c in self.changes for w in c.warnings]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def as_dict(self) -> dict:
        return {
            "summary": {
                "create": self.count("create"),
                "delete": self.count("delete"),
                "update": self.count("update"),
                "access_gained": len(self.gained),
                "access_lost": len(self.lost),
                "warnings": len(self.warnings),
            },
            "warnings": self.warnings,
            "access": {
                "gained": [asdict(a) for a in self.gained],
                "lost": [asdict(a) for a in self.lost],
            },
            "changes": [
                {
                    "action": c.action,
                    "name": c.name,
                    "kind": c.kind,
                    "type": c.type,
                    "urn": c.urn,
                    "properties": [asdict(p) for p in c.properties],
                    "warnings": c.warnings,
                }
                for c in self.changes
            ],
        }


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _index(export: dict) -> dict[str, dict]:
    return {r["urn"]: r for r in export["deployment"]["resources"] if r["type"] not in SKIPPED}


def _document(value: Any) -> dict | None:
    if not isinstance(value, str) or '"Statement"' not in value:
        return None
    try:
        document = json.loads(value)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def statement_changes(old: dict, new: dict) -> tuple[str, ...]:
    """Statement-level differences of two policy documents, keyed by Sid (unnamed statements
    by their content, so an edit to one shows as removed plus added)."""

    def keyed(document: dict) -> dict[str, dict]:
        statements = _as_list(document.get("Statement"))
        return {s.get("Sid") or _compact(s): s for s in statements if isinstance(s, dict)}

    before, after = keyed(old), keyed(new)
    lines = [f"statement `{k}` added" for k in after if k not in before]
    lines += [f"statement `{k}` removed" for k in before if k not in after]
    for key in (k for k in after if k in before and after[k] != before[k]):
        parts = []
        for field_name in sorted(before[key].keys() | after[key].keys()):
            was, now = before[key].get(field_name), after[key].get(field_name)
            if was == now:
                continue
            if field_name in LIST_FIELDS:
                added = sorted(set(map(str, _as_list(now))) - set(map(str, _as_list(was))))
                removed = sorted(set(map(str, _as_list(was))) - set(map(str, _as_list(now))))
                words = [f"+`{a}`" for a in added] + [f"-`{r}`" for r in removed]
                parts.append(f"{field_name} {' '.join(words) or 'reordered'}")
            else:
                parts.append(f"{field_name} `{_compact(was)}` → `{_compact(now)}`")
        lines.append(f"statement `{key}` changed: {'; '.join(parts)}")
    for sibling in ("Version",):
        if old.get(sibling) != new.get(sibling):
            lines.append(f"{sibling} `{old.get(sibling)}` → `{new.get(sibling)}`")
    return tuple(lines)


def property_changes(old: dict, new: dict, prefix: str = "") -> list[PropertyChange]:
    changes = []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        path = f"{prefix}{key}"
        if isinstance(was, dict) and isinstance(now, dict):
            changes.extend(property_changes(was, now, f"{path}."))
            continue
        old_doc, new_doc = _document(was), _document(now)
        if key in DOCUMENT_INPUTS and old_doc is not None and new_doc is not None:
            changes.append(PropertyChange(path, statements=statement_changes(old_doc, new_doc)))
        else:
            changes.append(PropertyChange(path, was, now))
    return changes


def _account_label(resource: dict, offline: bool) -> str:
    # An offline plan invents the ids of accounts it creates; only imported ones are real.
    identity = resource.get("importID") or ("" if offline else resource.get("id"))
    return f"`{_name(resource['urn'])}`" + (f" ({identity})" if identity else "")


def deletion_warnings(resource: dict, offline: bool = True) -> list[str]:
    """What deleting this resource means, in words, when it is more than a deletion."""
    warnings = []
    inputs = resource.get("inputs") or {}
    name = _name(resource["urn"])
    if resource.get("protect"):
        warnings.append(
            f"{plain_type(resource['type'])} `{name}` is protected: `pulumi up` refuses to "
            "delete it and stops part-way, after other changes may already be applied. Keep "
            "it in the blueprint, or unprotect it on purpose first (`pulumi state unprotect`)."
        )
    elif resource["type"] == ACCOUNT and inputs.get("closeOnDeletion"):
        warnings.append(
            f"AWS account {_account_label(resource, offline)} will be closed (close_on_deletion): "
            "this cannot be undone by Pulumi; AWS deletes it for good after 90 days, and only "
            "AWS Support can reopen it before then."
        )
    elif resource["type"] == ACCOUNT:
        warnings.append(
            f"AWS account {_account_label(resource, offline)} leaves the organization and "
            "becomes a standalone account, without the organization's guardrails, trail or "
            "access."
        )
    if resource.get("retainOnDelete") and not resource.get("protect"):
        warnings.append(
            f"{plain_type(resource['type'])} `{name}` stays in AWS (retainOnDelete): Pulumi "
            "stops managing it, nothing is deleted."
        )
    return warnings


def creation_warnings(resource: dict) -> list[str]:
    if resource["type"] == ACCOUNT and not resource.get("importID"):
        return [
            f"A new AWS account `{_name(resource['urn'])}` is created: it can be closed later, "
            "but never deleted or uncreated."
        ]
    return []


def _access(resources: dict[str, dict]) -> set[Access]:
    found = set()
    for urn, r in resources.items():
        name = _name(urn)
        if r["type"] == ASSIGNMENT:
            permission_set, _, rest = name.partition(":")
            group, _, account = rest.rpartition("@")
            found.add(Access(permission_set, group, account))
        elif r["type"] == ROLE and ((r.get("inputs") or {}).get("tags") or {}).get(
            "org-iam:break-glass"
        ):
            role, _, account = name.partition("@")
            found.add(Access(role, "break-glass users", account))
    return found


ORDER = {"delete": 0, "create": 1, "update": 2}


def compare(old: dict, new: dict) -> PlanDiff:
    before, after = _index(old), _index(new)
    changes = [
        ResourceChange(
            "delete", before[u]["type"], _name(u), u, warnings=deletion_warnings(before[u])
        )
        for u in before.keys() - after.keys()
    ]
    changes += [
        ResourceChange(
            "create", after[u]["type"], _name(u), u, warnings=creation_warnings(after[u])
        )
        for u in after.keys() - before.keys()
    ]
    for urn in before.keys() & after.keys():
        properties = property_changes(
            before[urn].get("inputs") or {}, after[urn].get("inputs") or {}
        )
        if properties:
            changes.append(
                ResourceChange("update", after[urn]["type"], _name(urn), urn, properties)
            )
    changes.sort(key=lambda c: (ORDER[c.action], not c.warnings, c.kind, c.name))
    was, now = _access(before), _access(after)
    return PlanDiff(changes, sorted(now - was), sorted(was - now))


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else _compact(value)
    if value is None:
        text = "(unset)"
    return f"`{text if len(text) <= 100 else text[:97] + '...'}`"


def _property_line(change: ResourceChange, prop: PropertyChange) -> list[str]:
    head = f"- `{change.name}` ({change.kind}): `{prop.name}`"
    if prop.statements:
        return [f"{head}:", *(f"  - {line}" for line in prop.statements)]
    return [f"{head} {_value(prop.old)} → {_value(prop.new)}"]


def headline(diff: PlanDiff) -> str:
    warnings = len(diff.warnings)
    return (
        f"{diff.count('create')} to create, {diff.count('delete')} to delete, "
        f"{diff.count('update')} to change; access: {len(diff.gained)} gained, "
        f"{len(diff.lost)} lost; "
        + (f"{warnings} warning(s)" if warnings else "nothing destructive")
    )


def markdown(diff: PlanDiff, title: str) -> str:
    lines = [f"### {title}", "", f"**{headline(diff)}**", ""]
    if diff.warnings:
        lines += ["#### Cannot be undone, or stops `pulumi up`", ""]
        lines += [f"- {w}" for w in diff.warnings] + [""]
    if diff.gained or diff.lost:
        lines += [
            "#### Access",
            "",
            "| | who | permission set or role | account |",
            "|---|---|---|---|",
        ]
        lines += [f"| gains | {a.who} | {a.permission_set} | {a.account} |" for a in diff.gained]
        lines += [f"| **loses** | {a.who} | {a.permission_set} | {a.account} |" for a in diff.lost]
        lines.append("")
    updates = [c for c in diff.changes if c.action == "update"]
    if updates:
        lines += ["#### Changed settings", ""]
        for change in updates:
            for prop in change.properties:
                lines += _property_line(change, prop)
        lines.append("")
    created = [c for c in diff.changes if c.action == "create"]
    deleted = [c for c in diff.changes if c.action == "delete"]
    if created or deleted:
        lines += [
            "#### Resources created and deleted",
            "",
            "| | resource | kind |",
            "|---|---|---|",
        ]
        lines += [f"| − | `{c.name}` | {c.kind} |" for c in deleted]
        lines += [f"| + | `{c.name}` | {c.kind} |" for c in created]
        lines.append("")
    if not diff.changes:
        lines += ["No changes.", ""]
    return "\n".join(lines)


def text(diff: PlanDiff) -> str:
    lines = [f"Changes: {headline(diff)}"]
    lines += [f"  ! {w}" for w in diff.warnings]
    lines += [f"  gains: {a.permission_set}:{a.who}@{a.account}" for a in diff.gained]
    lines += [f"  loses: {a.permission_set}:{a.who}@{a.account}" for a in diff.lost]
    for change in diff.changes:
        mark = {"create": "+", "delete": "-", "update": "~"}[change.action]
        lines.append(f"  {mark} {change.kind}  {change.name}")
        for prop in change.properties:
            if prop.statements:
                lines += [f"      {prop.name}: {s}" for s in prop.statements]
            else:
                lines.append(f"      {prop.name}: {_value(prop.old)} → {_value(prop.new)}")
    return "\n".join(lines)
