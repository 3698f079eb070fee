"""The evidence page's sections, each built from the inventory: the banner (what the input is
and where it came from), the organization's facts, the access matrix, permission sets,
break-glass, each account's SCP chain, the SCP documents, and the effective-access hook."""

from __future__ import annotations

import json
from html import escape

from orgctl.evidence.inventory import NEW, Inventory


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


def banner(inventory: Inventory, stack: str, frameworks_note: str, generated: str) -> str:
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


def organization_facts(inventory: Inventory) -> str:
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
            links = ", ".join(_policy_link(inventory, p) for p in node.scps)
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


def _policy_link(inventory: Inventory, name: str) -> str:
    kind = inventory.scps.get(name, {}).get("kind", "SCP")
    label = escape(name) + ("" if kind == "SCP" else f" [{escape(kind)}]")
    return f'<a href="#scp-{escape(name)}">{label}</a>'


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


def break_glass(inventory: Inventory) -> str:
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


def documents(inventory: Inventory) -> str:
    parts = []
    for name, scp in sorted(inventory.scps.items()):
        try:
            pretty = json.dumps(json.loads(scp["content"]), indent=2)
        except ValueError:
            pretty = scp["content"]
        parts.append(
            f'<h3 id="scp-{escape(name)}">{escape(name)}</h3>'
            f"<p>{escape(scp['kind'])}: {escape(scp['description'])} "
            f"({scp['size']} characters as stored)</p>"
            f"<pre>{escape(pretty)}</pre>"
        )
    return "".join(parts) or "<p>No organization policies in this export.</p>"
