"""A plan diff as the reviewer reads it: Markdown for a pull-request comment (the change first,
then access, changed settings, created and deleted resources) and plain text for the terminal."""

from __future__ import annotations

from typing import Any

from orgctl.diff import EffectiveAccessChange, PlanDiff, ResourceChange
from orgctl.property_diff import PropertyChange, compact


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else compact(value)
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
        + (f"{diff.count('rename')} renamed, " if diff.count("rename") else "")
        + f"{diff.count('update')} to change; access: {len(diff.gained)} gained, "
        f"{len(diff.lost)} lost; "
        + (f"{warnings} warning(s)" if warnings else "nothing destructive")
    )


def _how(entry: dict) -> str:
    groups = f" ({', '.join(entry['groups'])})" if entry["groups"] else ""
    through = f" through {' -> '.join(entry['via'])}" if entry["via"] else ""
    return f"{groups}{through}"


def effective_lines(change: EffectiveAccessChange) -> list[str]:
    """'Ops gains `rds:DeleteDBInstance` in prod-data' lines, gains first."""
    return [
        f"{e['principal']} {verb} `{e['action']}` in {e['account']}{_how(e)}"
        for verb, entries in (("gains", change.gained), ("loses", change.lost))
        for e in entries
    ]


def _effective_summary(change: EffectiveAccessChange) -> str:
    if change.not_compared:
        return f"not compared: {change.not_compared}"
    if not (change.gained or change.lost):
        return "no change in the sensitive actions any principal holds"
    return f"{len(change.gained)} sensitive action(s) gained, {len(change.lost)} lost"


def _effective_markdown(change: EffectiveAccessChange | None) -> list[str]:
    if change is None:
        return []
    lines = [
        "#### Effective access",
        "",
        "Sensitive actions each principal holds after SCPs, permission sets and boundaries, "
        f"directly or through escalation, as org-iam's evaluator decides them: "
        f"{_effective_summary(change)}.",
        "",
    ]
    if change.gained or change.lost:
        lines += ["| | who | action | account | groups, path |", "|---|---|---|---|---|"]
        for verb, entries in (("gains", change.gained), ("**loses**", change.lost)):
            for e in entries:
                lines.append(
                    f"| {verb} | {e['principal']} | `{e['action']}` | {e['account']} | "
                    f"{_how(e).strip() or '—'} |"
                )
        lines.append("")
    return lines


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
    renames = [c for c in diff.changes if c.action == "rename"]
    if renames:
        lines += [
            "#### Renamed (Pulumi keeps these resources: not deleted, not created)",
            "",
            "| resource | renamed from | kind |",
            "|---|---|---|",
        ]
        lines += [f"| `{c.name}` | `{c.previous_name}` | {c.kind} |" for c in renames]
        lines.append("")
    lines += _effective_markdown(diff.effective)
    updates = [c for c in diff.changes if c.action in ("rename", "update") and c.properties]
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
    if diff.effective is not None:
        lines.append(f"  effective access: {_effective_summary(diff.effective)}")
        lines += [f"    {line}" for line in effective_lines(diff.effective)]
    for change in diff.changes:
        if change.action == "rename":
            lines.append(f"  > {change.kind}  {change.previous_name} → {change.name} (renamed)")
        else:
            mark = {"create": "+", "delete": "-", "update": "~"}[change.action]
            lines.append(f"  {mark} {change.kind}  {change.name}")
        for prop in change.properties:
            if prop.statements:
                lines += [f"      {prop.name}: {s}" for s in prop.statements]
            else:
                lines.append(f"      {prop.name}: {_value(prop.old)} → {_value(prop.new)}")
    return "\n".join(lines)
