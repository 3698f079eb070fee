"""The access matrix and assertion results as text (held capabilities and violations), CSV
(every row) and JSON (everything, with the statements that decided)."""

from __future__ import annotations

import csv
import io
import json

from iam_evaluator import StatementRef
from orgctl.access.assertions import Assertion, Scope, Violation, assertion_results
from orgctl.access.matrix import Row

ASSUMPTIONS = (
    "The access role and the deployment roles hold AdministratorAccess in every account.",
    "People authenticate with MFA at the identity provider, which IAM does not see: Identity "
    "Center sessions carry no aws:MultiFactorAuthPresent; break-glass sessions do. MFA at the "
    "identity provider is not evaluated here.",
    "Decisions come from IAM policies, boundaries, SCPs and RCPs only. Resource state is not "
    "evaluated: an S3 Object Lock retention, a key's pending deletion window or a bucket that "
    "is not empty can still refuse a request shown as allowed (the log archive relies on "
    "Object Lock for that).",
    "Requests name the home Region unless the capability is about other Regions.",
    "Accounts without an id in the blueprint are given a placeholder id (9999...).",
    "Every account may run compute (EC2 instances, ECS tasks, Lambda functions, CloudFormation "
    "stacks) as a workload role holding AdministratorAccess, without a boundary and under no "
    "exempt name: the worst case, since the blueprint does not know the workloads.",
    "Escalation covers creating, taking over and assuming roles; passing exempt roles and the "
    "workload role to a new Lambda function, EC2 instance, ECS task or CloudFormation stack; "
    "and acting through existing compute (SSM, user data, ECS Exec, Lambda code, stack "
    "updates). Not covered: cross-account trust and other services that run code as a role.",
)
CSV_COLUMNS = (
    "account",
    "account_id",
    "principal_kind",
    "principal",
    "groups",
    "capability",
    "held",
    "action",
    "resource",
    "decided_by",
    "reason",
    "through",
)


def _ref(ref: StatementRef | None) -> str:
    if ref is None:
        return ""
    parts = [ref.layer, ref.policy, ref.sid or f"#{ref.index}"]
    return "/".join(parts) + (f"@{ref.level}" if ref.level else "")


def _decided_by(row: Row) -> str:
    decision = row.deciding.decision
    if decision.denied_by is not None:
        return _ref(decision.denied_by)
    refs = [r for r in decision.allowed_by if r.layer in ("identity", "resource")]
    return _ref(refs[0]) if refs else ""


def _record(row: Row) -> dict:
    principal, answer = row.principal, row.deciding
    return {
        "account": principal.account.key,
        "account_id": principal.account.id,
        "principal_kind": principal.kind,
        "principal": principal.name,
        "groups": " ".join(principal.groups),
        "capability": row.capability.key,
        "held": "yes" if row.held else "no",
        "action": answer.ask.action,
        "resource": answer.ask.resource,
        "decided_by": _decided_by(row),
        "reason": answer.decision.reason,
        "through": " -> ".join(row.via),
    }


def matrix_records(rows: list[Row]) -> list[dict]:
    """Every row as the CSV's columns (held as "yes"/"no")."""
    return [_record(row) for row in rows]


def as_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(_record(row))
    return buffer.getvalue()


def as_json(
    header: dict,
    rows: list[Row],
    found: list[Violation],
    assertions: tuple[Assertion, ...],
    evaluated: dict[str, Scope],
) -> str:
    def answers(row: Row) -> list[dict]:
        return [
            {
                "action": a.ask.action,
                "resource": a.ask.resource,
                "context": dict(a.ask.context),
                "allowed": a.decision.allowed,
                "reason": a.decision.reason,
                "denied_by": _ref(a.decision.denied_by) or None,
                "allowed_by": [_ref(r) for r in a.decision.allowed_by],
            }
            for a in row.answers
        ]

    results = assertion_results(assertions, found, evaluated)
    document = {
        **header,
        "assumptions": list(ASSUMPTIONS),
        "rows": [
            {**_record(row), "held": row.held, "via": list(row.via), "requests": answers(row)}
            for row in rows
        ],
        "assertions": results,
    }
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def as_text(
    header: dict,
    rows: list[Row],
    found: list[Violation],
    assertions: tuple[Assertion, ...],
    evaluated: dict[str, Scope],
) -> str:
    lines = [
        f"Effective access — stack {header['stack']}, blueprint {header['blueprint']}",
        f"AWS-managed policies: {header['managed_policies']}",
        "",
        "Sensitive capabilities held by engineer sessions and root users (every row, held or "
        "not: --format csv or json):",
    ]
    held = [row for row in rows if row.held]
    for row in held:
        if row.principal.kind in ("deployer", "break-glass"):
            continue
        record = _record(row)
        who = f"{row.principal.kind} {row.principal.name}@{row.principal.account.key}"
        groups = f" [{record['groups']}]" if record["groups"] else ""
        lines.append(f"  {who}{groups}: {row.capability.title}")
        through = f" through {record['through']};" if record["through"] else ""
        lines.append(
            f"     {record['action']} on {record['resource']}:{through} {record['reason']}"
        )
    emergency = sum(1 for row in held if row.principal.kind in ("deployer", "break-glass"))
    lines.append(
        f"  ({len(held)} held, {emergency} of them by break-glass and the deployers; "
        f"{len(rows) - len(held)} denied)"
    )
    lines.append("")
    lines.append(f"Assertions: {len(found)} violation(s)")
    for assertion in assertions:
        mine = [v for v in found if v.assertion == assertion]
        verdict = evaluated[assertion.key].verdict(len(mine))
        origin = " (blueprint)" if assertion.source == "blueprint" else ""
        lines.append(f"  {assertion.key}{origin}: {verdict} — {assertion.text}")
        lines.extend(f"    - {v.message}" for v in mine)
    lines.append("")
    lines.append("Assumptions:")
    lines.extend(f"  - {a}" for a in ASSUMPTIONS)
    return "\n".join(lines) + "\n"
