"""Write the evidence pack: index.html (self-contained), controls.csv, access-matrix.csv."""

from __future__ import annotations

import csv
import datetime
import io
from html import escape
from pathlib import Path

from orgctl.evidence.controls import CHECKLIST, CONTROLS, Control, sids_for
from orgctl.evidence.inventory import Inventory, read_inventory
from orgctl.evidence.org_svg import org_svg
from orgctl.policy_runner import ALL_POLICIES, Finding

STATUS_COLOURS = {"pass": "#1e7b34", "fail": "#b3261e", "manual": "#8a6d00"}


def _policies_for(control: Control) -> list[str]:
    return sorted(
        p.name
        for p in ALL_POLICIES
        if any(
            tag.startswith(control.tag_prefix) and control.matches(tag.split(":", 1)[1])
            for tag in p.tags or []
        )
    )


def control_rows(inventory: Inventory, findings: list[Finding]) -> list[dict]:
    failing = {f.policy for f in findings if f.kind == "violation"}
    undecided = {f.policy for f in findings if f.kind == "unknown"}
    rows = []
    for control in CONTROLS:
        policies = _policies_for(control)
        present = [t for t in control.resource_types if inventory.resource_types.get(t)]
        if any(p in failing for p in policies):
            status = "fail"
        elif policies and present and not any(p in undecided for p in policies):
            status = "pass"
        else:
            status = "manual"
        deployed_sids = {sid for scp in inventory.scps.values() for sid in scp["sids"]}
        rows.append(
            {
                "framework": control.framework,
                "control": control.control,
                "title": control.title,
                "status": status,
                "implemented_by": "; ".join(f"{t} ×{inventory.resource_types[t]}" for t in present),
                "scp_sids": "; ".join(s for s in sids_for(control) if s in deployed_sids),
                "policies": "; ".join(policies),
                "auditor_should_also_ask_for": control.ask_for,
            }
        )
    return rows


def access_rows(inventory: Inventory) -> list[dict]:
    rows = []
    for permission_set, group, account in inventory.assignments:
        node = inventory.account(account)
        spec = inventory.permission_sets.get(permission_set, {})
        rows.append(
            {
                "group": group,
                "permission_set": permission_set,
                "account": account,
                "account_id": node.account_id if node else "",
                "environment": (node.tags.get("org-iam:environment", "") if node else "")
                or ("management" if node is None else ""),
                "pci_scope": "yes" if node and node.pci else "no",
                "session": spec.get("sessionDuration", ""),
                "admin_like": (spec.get("tags") or {}).get("org-iam:admin-like", ""),
            }
        )
    return rows


def _csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _table(rows: list[dict], columns: list[str], status: str | None = None) -> str:
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for column in columns:
            value = str(row.get(column, ""))
            if column == status:
                cells.append(
                    f'<td><span class="status" style="background:'
                    f'{STATUS_COLOURS.get(value, "#555")}">{escape(value)}</span></td>'
                )
            else:
                cells.append(f"<td>{escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#111;
max-width:1400px}
h1{margin-bottom:0} .meta{color:#555;margin-top:4px}
table{border-collapse:collapse;width:100%;margin:12px 0 28px;font-size:13px}
th,td{border:1px solid #ccd;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#eef2f6} tr:nth-child(even) td{background:#fafbfc}
.status{color:#fff;border-radius:3px;padding:1px 7px;font-weight:600}
.summary span{display:inline-block;margin-right:18px} .svg{overflow-x:auto;border:1px solid #dde;padding:8px}
"""


def render_html(
    title: str,
    inventory: Inventory,
    controls: list[dict],
    access: list[dict],
    findings: list[Finding],
    generated: str,
) -> str:
    counts = {s: sum(1 for c in controls if c["status"] == s) for s in ("pass", "fail", "manual")}
    checklist = [{"control": a, "implementation": b, "evidence": c} for a, b, c in CHECKLIST]
    scps = [
        {"policy": name, "size": f"{scp['size']} characters", "statements": ", ".join(scp["sids"])}
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
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{escape(title)}</h1>
<p class="meta">Generated {escape(generated)} by org-iam from a Pulumi deployment export. Every
row states what the code enforces; the last column of the controls table lists the evidence that
lives outside the code.</p>
<p class="summary"><span><b>{counts["pass"]}</b> controls pass</span><span><b>{counts["fail"]}</b> fail</span>
<span><b>{counts["manual"]}</b> need manual evidence</span><span><b>{len(findings)}</b> policy findings</span>
<span><b>{sum(inventory.resource_types.values())}</b> resources</span></p>
<h2>Organization</h2><div class="svg">{org_svg(inventory)}</div>
<h2>Controls</h2>{_table(controls, list(controls[0]) if controls else [], status="status")}
<h2>Audit checklist</h2>{_table(checklist, ["control", "implementation", "evidence"])}
<h2>Access matrix</h2>{_table(access, list(access[0]) if access else ["group"])}
<h2>Service control policies</h2>{_table(scps, ["policy", "size", "statements"])}
<h2>Policy pack findings</h2>{_table(found, ["policy", "enforcement", "resource", "message"]) if found else "<p>None: every policy passes.</p>"}
</body></html>
"""


def write_evidence(export: dict, findings: list[Finding], target: Path, title: str) -> list[Path]:
    inventory = read_inventory(export)
    controls = control_rows(inventory, findings)
    access = access_rows(inventory)
    generated = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "index.html": render_html(title, inventory, controls, access, findings, generated),
        "controls.csv": _csv(controls),
        "access-matrix.csv": _csv(access),
    }
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return [target / name for name in files]
