"""Each control's status, saying only what the export proves:

- implemented: in a deployed stack's export, every resource type the control needs is present
  and no pack policy tagged with the control reports a violation or cannot decide;
- planned: the same, read from an offline plan: nothing exists in AWS yet, so the control is
  designed, not implemented;
- failing: a pack policy tagged with the control reports a violation;
- not evidenced: something it needs is absent from the export (or cannot be decided yet);
- needs evidence from outside AWS: nothing in AWS can show it (plans, tickets, IdP settings).
"""

from __future__ import annotations

from orgctl.evidence.controls import CONTROLS, FRAMEWORKS, Control, controls_for, sids_for
from orgctl.evidence.inventory import Inventory
from orgctl.evidence.words import plain_type
from orgctl.policy_runner import ALL_POLICIES, Finding

IMPLEMENTED = "implemented"
PLANNED = "planned, not deployed"
FAILING = "failing"
NOT_EVIDENCED = "not evidenced"
OUTSIDE_AWS = "needs evidence from outside AWS"
STATUSES = (IMPLEMENTED, PLANNED, FAILING, NOT_EVIDENCED, OUTSIDE_AWS)


def frameworks_in_scope(inventory: Inventory, chosen: list[str] | None) -> tuple[list[str], str]:
    """The framework keys to report and where that choice came from."""
    if chosen:
        return [f for f in FRAMEWORKS if f in chosen], "chosen on the command line"
    recorded = inventory.facts.get("frameworks")
    if recorded:
        return [f for f in FRAMEWORKS if f in recorded], "the blueprint's compliance.frameworks"
    return list(FRAMEWORKS), "not recorded in the export, so every framework is shown"


def policies_for(control: Control) -> list[str]:
    return sorted(
        p.name
        for p in ALL_POLICIES
        if any(
            tag.startswith(control.tag_prefix) and control.matches(tag.split(":", 1)[1])
            for tag in p.tags or []
        )
    )


def _status(control: Control, inventory: Inventory, findings: list[Finding]) -> tuple[str, str]:
    if not control.requires:
        return OUTSIDE_AWS, "no AWS resource can show this"
    missing = [t for t in control.requires if not inventory.resource_types.get(t)]
    where = "in the plan" if inventory.offline else "present"
    if missing:
        return NOT_EVIDENCED, "absent: " + ", ".join(plain_type(t) for t in missing)
    policies = set(policies_for(control))
    violated = sorted({f.policy for f in findings if f.kind == "violation"} & policies)
    if violated:
        return FAILING, "policy violated: " + ", ".join(violated)
    undecided = sorted({f.policy for f in findings if f.kind == "unknown"} & policies)
    if undecided:
        return NOT_EVIDENCED, "cannot be decided before deployment: " + ", ".join(undecided)
    if not policies:
        checked = "no pack policy checks it"
    else:
        checked = f"{len(policies)} pack polic{'y passes' if len(policies) == 1 else 'ies pass'}"
    status = PLANNED if inventory.offline else IMPLEMENTED
    return status, f"every required resource {where}; {checked}"


def control_rows(
    inventory: Inventory, findings: list[Finding], frameworks: list[str] | None = None
) -> list[dict]:
    deployed_sids = {
        sid for scp in inventory.scps.values() if scp["kind"] == "SCP" for sid in scp["sids"]
    }
    rows = []
    for control in controls_for(frameworks) if frameworks is not None else CONTROLS:
        status, why = _status(control, inventory, findings)
        shown = [
            t for t in (*control.requires, *control.supports) if inventory.resource_types.get(t)
        ]
        rows.append(
            {
                "framework": control.framework_name,
                "control": control.control,
                "title": control.title,
                "status": status,
                "why": why,
                "implemented_by": "; ".join(
                    f"{plain_type(t)} ×{inventory.resource_types[t]}" for t in dict.fromkeys(shown)
                ),
                "scp_statements": "; ".join(s for s in sids_for(control) if s in deployed_sids),
                "policies": "; ".join(policies_for(control)),
                "auditor_should_also_ask_for": control.ask_for,
            }
        )
    return rows


def status_counts(rows: list[dict]) -> dict[str, int]:
    return {status: sum(1 for r in rows if r["status"] == status) for status in STATUSES}
