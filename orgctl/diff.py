"""`orgctl plan --diff OLD.json`: what a blueprint change adds, removes and changes, by
resource and by access (who gains or loses which permission set where)."""

from __future__ import annotations

ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"


def _index(export: dict) -> dict[str, dict]:
    return {
        r["urn"]: r for r in export["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack"
    }


def _grants(resources: dict[str, dict]) -> set[str]:
    return {urn.rsplit("::", 1)[-1] for urn, r in resources.items() if r["type"] == ASSIGNMENT}


def diff_lines(old: dict, new: dict) -> list[str]:
    before, after = _index(old), _index(new)
    lines: list[str] = []
    for urn in sorted(after.keys() - before.keys()):
        lines.append(f"  + {after[urn]['type']}  {urn.rsplit('::', 1)[-1]}")
    for urn in sorted(before.keys() - after.keys()):
        lines.append(f"  - {before[urn]['type']}  {urn.rsplit('::', 1)[-1]}")
    for urn in sorted(before.keys() & after.keys()):
        old_inputs, new_inputs = before[urn].get("inputs") or {}, after[urn].get("inputs") or {}
        changed = sorted(
            k
            for k in old_inputs.keys() | new_inputs.keys()
            if old_inputs.get(k) != new_inputs.get(k)
        )
        if changed:
            lines.append(
                f"  ~ {after[urn]['type']}  {urn.rsplit('::', 1)[-1]}  ({', '.join(changed)})"
            )
    gained = sorted(_grants(after) - _grants(before))
    lost = sorted(_grants(before) - _grants(after))
    access = [f"  gains: {g}" for g in gained] + [f"  loses: {g}" for g in lost]
    summary = f"Changes: {len(lines)} resource(s); access: {len(gained)} gained, {len(lost)} lost"
    return [
        summary,
        *lines,
        *(["Access (permission set:group@account)", *access] if access else []),
    ]
