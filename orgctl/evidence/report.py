"""Write the evidence pack: index.html (self-contained, prints to PDF), controls.csv,
access-matrix.csv. The page opens with what the input is (offline plan or deployed stack) and
its provenance, so nobody mistakes a plan for a deployment."""

from __future__ import annotations

import csv
import datetime
import io
import json
from html import escape
from pathlib import Path

from orgctl.evidence.assessment import (
    FAILING,
    IMPLEMENTED,
    NOT_EVIDENCED,
    OUTSIDE_AWS,
    control_rows,
    frameworks_in_scope,
    status_counts,
)
from orgctl.evidence.controls import CHECKLIST, FRAMEWORKS
from orgctl.evidence.inventory import NEW, Inventory, read_inventory
from orgctl.evidence.org_svg import org_svg
from orgctl.evidence.style import STYLE
from orgctl.policy_runner import Finding

STATUS_CLASSES = {
    IMPLEMENTED: "ok",
    FAILING: "bad",
    NOT_EVIDENCED: "missing",
    OUTSIDE_AWS: "outside",
}


def _account_id(inventory: Inventory, account: str) -> str:
    node = inventory.account(account)
    if node is not None:
        return node.account_id
    # The management account is no Account resource; the blueprint's facts carry its id.
    if account == inventory.facts.get("management_account"):
        return str(inventory.facts.get("management_account_id", ""))
    return ""


def access_rows(inventory: Inventory) -> list[dict]:
    rows = []
    for permission_set, group, account in inventory.assignments:
        node = inventory.account(account)
        spec = inventory.permission_sets.get(permission_set)
        rows.append(
            {
                "who": f"group {group}",
                "permission_set": permission_set,
                "account": account,
                "account_id": _account_id(inventory, account),
                "environment": (node.tags.get("org-iam:environment", "") if node else "")
                or ("management" if node is None else ""),
                "pci_scope": "yes" if node and node.pci else "no",
                "session": spec.session if spec else "",
                "admin_like": "yes" if spec and spec.admin_like else "no",
            }
        )
    users = ", ".join(inventory.break_glass_users)
    for role, account, seconds in inventory.break_glass_roles:
        node = inventory.account(account)
        rows.append(
            {
                "who": f"break-glass users {users}" if users else "break-glass users",
                "permission_set": f"IAM role {role} (break-glass)",
                "account": account,
                "account_id": _account_id(inventory, account),
                "environment": (node.tags.get("org-iam:environment", "") if node else "")
                or ("management" if node is None else ""),
                "pci_scope": "yes" if node and node.pci else "no",
                "session": f"PT{seconds // 3600}H" if seconds % 3600 == 0 else f"{seconds} s",
                "admin_like": "yes",
            }
        )
    return rows


def summary_line(inventory: Inventory, controls: list[dict], findings: list[Finding]) -> str:
    """The one line the command prints and the page shows: same numbers in both places."""
    counts = status_counts(controls)
    return (
        f"{inventory.resource_count} resources; {len(controls)} controls: "
        f"{counts[IMPLEMENTED]} implemented, {counts[FAILING]} failing, "
        f"{counts[NOT_EVIDENCED]} not evidenced, {counts[OUTSIDE_AWS]} need evidence from "
        f"outside AWS; {len(findings)} policy finding(s)"
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


def _banner(inventory: Inventory, stack: str, frameworks_note: str, generated: str) -> str:
    facts = inventory.facts
    if inventory.offline:
        kind = "Offline plan: not a deployment"
        detail = (
            f"Made by <code>orgctl plan</code> under Pulumi's mock runtime as of "
            f"{escape(inventory.manifest.get('as_of', 'an unrecorded date'))}. Nothing in it "
            f"exists in AWS yet; resources it would create show {escape(NEW)} instead of an id."
        )
        taken = "not applicable (offline plan)"
    else:
        kind = "Deployed stack"
        detail = "Read from <code>pulumi stack export</code> of the deployed stack."
        taken = inventory.manifest.get("time") or "not recorded in the export"
    rows = [
        ("Stack", stack),
        ("Git commit", facts.get("commit", "not recorded in the export")),
        ("Blueprint", facts.get("blueprint", "not recorded in the export")),
        ("Blueprint sha256", facts.get("blueprint_sha256", "not recorded in the export")),
        ("Export time", taken),
        ("Frameworks", frameworks_note),
        ("Report generated", generated),
    ]
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    css = "offline" if inventory.offline else "deployed"
    return (
        f'<section class="banner {css}" id="source"><p class="kind">{kind}</p>'
        f'<p>{detail}</p><table class="facts">{cells}</table></section>'
    )


def _organization(inventory: Inventory) -> str:
    facts = inventory.facts
    regions = facts.get("allowed_regions")
    rows = [
        ("Organization", facts.get("organization", "not recorded in the export")),
        ("Organization id", inventory.organization_id or "not in this export"),
        (
            "Management account",
            f"{facts['management_account']} ({facts.get('management_account_id') or NEW})"
            if "management_account" in facts
            else "not recorded in the export",
        ),
        ("Home Region", facts.get("home_region", "not recorded in the export")),
        (
            "Allowed Regions",
            ", ".join(regions) if regions else "not recorded in the export",
        ),
        (
            "Member accounts",
            str(sum(1 for n in inventory.nodes.values() if n.kind == "account")),
        ),
    ]
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts">{cells}</table>'


def scp_chain_rows(inventory: Inventory) -> list[dict]:
    """Each account's SCPs in effect: attached at the root, every OU above it, and itself.
    Cells are HTML: each policy links to its document in the appendix."""
    rows = []
    accounts = sorted(
        (n for n in inventory.nodes.values() if n.kind == "account"), key=lambda n: n.name
    )
    for account in accounts:
        levels = []
        for node in inventory.chain(account):
            if not node.scps:
                continue
            where = "attached here" if node is account else f"inherited from {node.name}"
            links = ", ".join(f'<a href="#scp-{escape(p)}">{escape(p)}</a>' for p in node.scps)
            levels.append(f"{links} ({escape(where)})")
        rows.append(
            {
                "account": escape(account.name),
                "id": escape(account.account_id),
                "path": escape(" / ".join(n.name for n in inventory.chain(account)[:-1])),
                "scps_in_effect": "; ".join(levels) or "none besides FullAWSAccess",
            }
        )
    return rows


def permission_set_rows(inventory: Inventory) -> list[dict]:
    holders: dict[str, set[str]] = {}
    for permission_set, group, account in inventory.assignments:
        holders.setdefault(permission_set, set()).add(f"{group}@{account}")
    rows = []
    for spec in inventory.permission_sets.values():
        grants = [f"AWS managed: {p}" for p in spec.managed_policies]
        grants += [f"customer managed: {p}" for p in spec.customer_managed_policies]
        if spec.inline_policy:
            sids = [s for s in _statement_sids(spec.inline_policy) if s]
            grants.append("inline policy: " + (", ".join(sids) or "unnamed statements"))
        rows.append(
            {
                "permission_set": spec.name,
                "purpose": spec.description,
                "grants": "; ".join(grants) or "nothing attached",
                "boundary": spec.boundary or "none",
                "session": spec.session,
                "administrator_level": "yes" if spec.admin_like else "no",
                "assignments": str(len(holders.get(spec.name, ()))),
            }
        )
    return rows


def _statement_sids(document: str) -> list[str]:
    try:
        return [s.get("Sid", "") for s in json.loads(document).get("Statement", [])]
    except (ValueError, AttributeError):
        return []


def _break_glass(inventory: Inventory) -> str:
    facts = inventory.facts.get("break_glass") or {}
    if not inventory.break_glass_users and not inventory.break_glass_roles:
        return "<p>No break-glass users or roles in this export: not evidenced.</p>"
    accounts = ", ".join(a for _, a, _ in inventory.break_glass_roles) or "none"
    roles = sorted({r for r, _, _ in inventory.break_glass_roles})
    rows = [
        ("IAM users", ", ".join(inventory.break_glass_users) or "none in this export"),
        ("Role", ", ".join(roles) or "none in this export"),
        ("Accounts with the role", accounts),
        (
            "MFA",
            f"required, at most {facts['mfa_max_age_seconds']} s old"
            if "mfa_max_age_seconds" in facts
            else "see the role's trust policy",
        ),
        ("Every use alerts", facts.get("alert_topic", "not recorded in the export")),
    ]
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts">{cells}</table>'


def effective_access_section(results_html: str | None) -> str:
    """Hook for the effective-access evaluation (who can do what where, after SCPs and
    boundaries). Until an evaluator hands its results in, the section says so plainly."""
    body = results_html or (
        "<p>Not evaluated in this report. The access matrix above lists what is assigned; what "
        "each assignment can really do after SCPs and permission boundaries is not shown here.</p>"
    )
    return f'<section id="effective-access"><h2>Effective access</h2>{body}</section>'


def _documents(inventory: Inventory) -> str:
    parts = []
    for name, scp in sorted(inventory.scps.items()):
        try:
            pretty = json.dumps(json.loads(scp["content"]), indent=2)
        except ValueError:
            pretty = scp["content"]
        parts.append(
            f'<h3 id="scp-{escape(name)}">{escape(name)}</h3>'
            f"<p>{escape(scp['description'])} ({scp['size']} characters as stored)</p>"
            f"<pre>{escape(pretty)}</pre>"
        )
    return "".join(parts) or "<p>No service control policies in this export.</p>"


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
{_banner(inventory, stack, frameworks_note, generated)}
<p class="summary" id="summary">{escape(summary)}</p>
<h2>Organization</h2>{_organization(inventory)}
<div class="svg">{org_svg(inventory)}</div>
<h2>Controls</h2>
<p>Implemented: every resource the control needs is present and every pack policy tagged with
it passes. Not evidenced: something it needs is absent from this input. Needs evidence from
outside AWS: no AWS resource can show it. The last column is what to ask the organization for in
every case.</p>
{_table(control_cells, list(control_cells[0]) if control_cells else ["control"], "controls")}
<h2>Audit checklist</h2>{_table(_escaped(checklist), ["control", "implementation", "evidence"])}
<h2>Permission sets</h2>{_table(_escaped(permission_set_rows(inventory)), ["permission_set", "purpose", "grants", "boundary", "session", "administrator_level", "assignments"])}
<h2>Break-glass access</h2>{_break_glass(inventory)}
<h2>Access matrix</h2>{_table(_escaped(access), list(access[0]) if access else ["who"], "access")}
{effective_access_section(effective_access)}
<h2>Service control policies in effect per account</h2>
<p>AWS's FullAWSAccess is attached everywhere besides these; an action is allowed only if every
level of the chain allows it.</p>
{_table(scp_chain_rows(inventory), ["account", "id", "path", "scps_in_effect"])}
<h2>Service control policies</h2>{_table(scps, ["policy", "size", "statements"])}
<h2>Policy pack findings</h2>{_table(_escaped(found), ["policy", "enforcement", "resource", "message"]) if found else "<p>None: every policy passes.</p>"}
<h2>Appendix: SCP documents</h2>{_documents(inventory)}
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
