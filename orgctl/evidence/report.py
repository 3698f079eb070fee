"""Write the evidence pack: index.html (self-contained, prints to PDF), controls.csv,
access-matrix.csv. The page opens with what the input is (offline plan or deployed stack) and
its provenance, so nobody mistakes a plan for a deployment."""

from __future__ import annotations

import csv
import datetime
import io
from html import escape
from pathlib import Path

from orgctl.evidence.assessment import (
    FAILING,
    IMPLEMENTED,
    NOT_EVIDENCED,
    OUTSIDE_AWS,
    PLANNED,
    control_rows,
    frameworks_in_scope,
    status_counts,
)
from orgctl.evidence.controls import CHECKLIST, FRAMEWORKS
from orgctl.evidence.inventory import Inventory, read_inventory
from orgctl.evidence.org_svg import org_svg
from orgctl.evidence.sections import (
    access_rows,
    banner,
    break_glass,
    documents,
    effective_access_section,
    organization_facts,
    permission_set_rows,
    scp_chain_rows,
)
from orgctl.evidence.style import STYLE
from orgctl.policy_runner import Finding

STATUS_CLASSES = {
    IMPLEMENTED: "ok",
    PLANNED: "ok",
    FAILING: "bad",
    NOT_EVIDENCED: "missing",
    OUTSIDE_AWS: "outside",
}


def summary_line(inventory: Inventory, controls: list[dict], findings: list[Finding]) -> str:
    """The one line the command prints and the page shows: same numbers in both places."""
    counts = status_counts(controls)
    # A plan proves a design, not a deployment: its controls are counted as planned.
    ready = (
        f"{counts[PLANNED]} planned, not deployed"
        if inventory.offline
        else f"{counts[IMPLEMENTED]} implemented"
    )
    return (
        f"{inventory.resource_count} resources; {len(controls)} controls: {ready}, "
        f"{counts[FAILING]} failing, {counts[NOT_EVIDENCED]} not evidenced, "
        f"{counts[OUTSIDE_AWS]} need evidence from outside AWS; {len(findings)} policy finding(s)"
    )


def _csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _table(rows: list[dict], columns: list[str], css: str = "") -> str:
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = []
    for row in rows:
        cells = "".join(f"<td>{row.get(c, '')}</td>" for c in columns)
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def _escaped(rows: list[dict]) -> list[dict]:
    return [{k: escape(str(v)) for k, v in row.items()} for row in rows]


def render_html(
    title: str,
    stack: str,
    inventory: Inventory,
    controls: list[dict],
    access: list[dict],
    findings: list[Finding],
    generated: str,
    frameworks_note: str,
    effective_access: str | None = None,
) -> str:
    checklist = [{"control": a, "implementation": b, "evidence": c} for a, b, c in CHECKLIST]
    scps = [
        {
            "policy": f'<a href="#scp-{escape(name)}">{escape(name)}</a>',
            "kind": escape(scp["kind"]),
            "size": f"{scp['size']} characters",
            "statements": escape(", ".join(scp["sids"])),
        }
        for name, scp in sorted(inventory.scps.items())
    ]
    found = [
        {
            "policy": f.policy,
            "enforcement": f.enforcement,
            "resource": f.urn.rsplit("::", 1)[-1],
            "message": f.message,
        }
        for f in findings
    ]
    control_cells = [
        {
            "control": f"<b>{escape(r['framework'])} {escape(r['control'])}</b><br>"
            f"{escape(r['title'])}",
            "status": f'<span class="status {STATUS_CLASSES[r["status"]]}">'
            f"{escape(r['status'])}</span><br><small>{escape(r['why'])}</small>",
            "implemented_by": escape(r["implemented_by"]),
            "checked_by": "<small>"
            + escape(", ".join(filter(None, [r["scp_statements"], r["policies"]])))
            + "</small>",
            "ask_the_organization_for": escape(r["auditor_should_also_ask_for"]),
        }
        for r in controls
    ]
    summary = summary_line(inventory, controls, findings)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{escape(title)}</h1>
{banner(inventory, stack, frameworks_note, generated)}
<p class="summary" id="summary">{escape(summary)}</p>
<h2>Organization</h2>{organization_facts(inventory)}
<div class="svg">{org_svg(inventory)}</div>
<h2>Controls</h2>
<p>Implemented: every resource the control needs is present and every pack policy tagged with
it passes. Not evidenced: something it needs is absent from this input. Needs evidence from
outside AWS: no AWS resource can show it. The last column is what to ask the organization for in
every case.</p>
{_table(control_cells, list(control_cells[0]) if control_cells else ["control"], "controls")}
<h2>Audit checklist</h2>{_table(_escaped(checklist), ["control", "implementation", "evidence"])}
<h2>Permission sets</h2>{_table(_escaped(permission_set_rows(inventory)), ["permission_set", "purpose", "grants", "boundary", "session", "administrator_level", "assignments"])}
<h2>Break-glass access</h2>{break_glass(inventory)}
<h2>Access matrix</h2>{_table(_escaped(access), list(access[0]) if access else ["who"], "access")}
{effective_access_section(effective_access)}
<h2>Service control policies in effect per account</h2>
<p>Attached at the root, each OU above the account and the account itself; resource control
policies are marked [RCP]. AWS's FullAWSAccess is attached everywhere besides these; an action
is allowed only if every level of the chain allows it.</p>
{_table(scp_chain_rows(inventory), ["account", "id", "path", "scps_in_effect"])}
<h2>Service and resource control policies</h2>{_table(scps, ["policy", "kind", "size", "statements"])}
<h2>Policy pack findings</h2>{_table(_escaped(found), ["policy", "enforcement", "resource", "message"]) if found else "<p>None: every policy passes.</p>"}
<h2>Appendix: policy documents</h2>{documents(inventory)}
<p class="end" id="end">End of the evidence pack.</p>
</body></html>
"""


def write_evidence(
    export: dict,
    findings: list[Finding],
    target: Path,
    stack: str,
    frameworks: list[str] | None = None,
    effective_access: str | None = None,
) -> tuple[list[Path], str]:
    """Write the pack; return the files and the summary line (the command prints it)."""
    inventory = read_inventory(export)
    chosen, note = frameworks_in_scope(inventory, frameworks)
    names = ", ".join(FRAMEWORKS[f] for f in chosen)
    controls = control_rows(inventory, findings, chosen)
    access = access_rows(inventory)
    generated = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = f"org-iam evidence — {stack}"
    target.mkdir(parents=True, exist_ok=True)
    html = render_html(
        title,
        stack,
        inventory,
        controls,
        access,
        findings,
        generated,
        f"{names} ({note})",
        effective_access,
    )
    files = {
        "index.html": html,
        "controls.csv": _csv(controls),
        "access-matrix.csv": _csv(access),
    }
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return [target / name for name in files], summary_line(inventory, controls, findings)
