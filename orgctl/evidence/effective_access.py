"""The evidence pack's effective-access section: the assertion results and the sensitive
capabilities engineer sessions and root users hold, from the plan's effective-access record.
It says what it is: the evaluator's decisions over the plan's documents, not a test of
deployed accounts."""

from __future__ import annotations

import csv
import io
from html import escape

CSV_NAME = "effective-access.csv"
EMERGENCY = ("deployer", "break-glass")


def matrix_csv(record: dict) -> str:
    rows = record["matrix"]
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="access"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


def not_evaluated(reason: str) -> str:
    return f"<p>Not evaluated in this report: {escape(reason)}.</p>"


def effective_access_html(record: dict) -> str:
    matrix = record["matrix"]
    held = [r for r in matrix if r["held"] == "yes"]
    emergency = sum(1 for r in held if r["principal_kind"] in EMERGENCY)
    intro = (
        "<p>What this section proves, and what it does not: each line is a decision of "
        "org-iam's IAM policy evaluator over the documents of this plan's blueprint (sha256 "
        f"<code>{escape(record['blueprint_sha256'])}</code>, evaluated as of "
        f"{escape(record['as_of'])}): the SCPs from the root to each account, each permission "
        "set's policies (AWS-managed policies from the bundled snapshot "
        f"{escape(record['managed_policies'])}) and its permissions boundary. Every assigned "
        "permission set, break-glass, the deployment roles and each member account's root "
        "user is asked for a catalogue of sensitive capabilities, directly and through "
        "escalation (roles it can create, take over, assume or pass to compute, and existing "
        "compute it can act through). It is not a test of deployed accounts: no request was "
        "sent to AWS.</p>"
        f"<p>{record['principals']} principals, {record['rows']} (principal, capability) pairs: "
        f"{len(held)} held, {emergency} of them by break-glass and the deployment roles; "
        f"{record['rows'] - len(held)} denied. Every pair, held or not, with the request and "
        f"the statement that decided it: <code>{CSV_NAME}</code>.</p>"
    )
    assertions = [
        [
            f"<b>{escape(a['key'])}</b>"
            + (" (blueprint)" if a["source"] == "blueprint" else "")
            + f"<br><small>{escape(a['text'])}</small>",
            f'<span class="status {_verdict_class(a)}">{escape(a["verdict"])}</span>',
            "<br>".join(escape(v) for v in a["violations"]),
        ]
        for a in record["assertions"]
    ]
    engineers = [
        [
            escape(f"{r['principal_kind']} {r['principal']}"),
            escape(r["groups"]),
            escape(r["account"]),
            escape(r["capability"]),
            f"<code>{escape(r['action'])}</code> on <code>{escape(r['resource'])}</code>",
            escape(r["through"]) or "directly",
            escape(r["reason"]),
        ]
        for r in held
        if r["principal_kind"] not in EMERGENCY
    ]
    problems = "".join(f"<li>{escape(p)}</li>" for p in record["guardrail_problems"])
    assumptions = "".join(f"<li>{escape(a)}</li>" for a in record["assumptions"])
    return (
        intro
        + "<h3>Assertions</h3>"
        + _table(["assertion", "result", "violations"], assertions)
        + "<h3>Sensitive capabilities held by engineer sessions and root users</h3>"
        + (
            _table(
                ["principal", "groups", "account", "capability", "request", "through", "why"],
                engineers,
            )
            if engineers
            else "<p>None.</p>"
        )
        + (f"<h3>Guardrail problems</h3><ul>{problems}</ul>" if problems else "")
        + f"<h3>Assumptions</h3><ul>{assumptions}</ul>"
    )


def _verdict_class(result: dict) -> str:
    if result["violations"]:
        return "bad"
    return "ok" if result["holds"] else "missing"
