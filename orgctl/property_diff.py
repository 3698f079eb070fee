"""Old -> new values of a resource's inputs, nested maps by dotted path, and IAM policy documents
(JSON strings) statement by statement: what a reviewer needs to judge a changed setting."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Inputs that hold IAM policy documents as JSON strings: diffed statement by statement.
DOCUMENT_INPUTS = ("content", "policy", "inlinePolicy", "assumeRolePolicy")
LIST_FIELDS = ("Action", "NotAction", "Resource", "NotResource")


@dataclass(frozen=True)
class PropertyChange:
    name: str  # dotted path into the inputs: "sessionDuration", "tags.org-iam:owner"
    old: Any = None
    new: Any = None
    statements: tuple[str, ...] = ()  # for policy documents: one line per statement change


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


def compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def statement_changes(old: dict, new: dict) -> tuple[str, ...]:
    """Statement-level differences of two policy documents, keyed by Sid (unnamed statements
    by their content, so an edit to one shows as removed plus added)."""

    def keyed(document: dict) -> dict[str, dict]:
        statements = _as_list(document.get("Statement"))
        return {s.get("Sid") or compact(s): s for s in statements if isinstance(s, dict)}

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
                parts.append(f"{field_name} `{compact(was)}` → `{compact(now)}`")
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
