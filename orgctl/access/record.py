"""The effective access of one plan: every sensitive action each principal holds in each
account (directly or through escalation), the whole matrix and the assertion results.
`orgctl plan --diff` compares two of them; the evidence pack prints one.

`orgctl plan` keeps a copy of the blueprint beside plan.json; a record is computed only from
a blueprint whose sha256 is the one the export records, so it always describes that plan.
When the analysis cannot run (an AWS-managed policy missing from the snapshot, a policy the
evaluator cannot judge) the record says why instead of holding rows."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

from blueprint.renames import Renames
from iam_evaluator import PolicyError
from iam_evaluator.managed_policies import UnknownManagedPolicy, source
from orgctl.access.assertions import assertion_results
from orgctl.access.matrix import Row
from orgctl.access.report import ASSUMPTIONS, matrix_records

BLUEPRINT_COPY = "blueprint.yaml"


def who(kind: str, name: str) -> str:
    """How a principal is named in a change line: a permission set by its name, others by
    kind and name."""
    return name if kind == "permission-set" else f"{kind} {name}"


def held_actions(rows: list[Row]) -> list[dict]:
    """One entry per (principal, account, action) held, sorted; the first capability and
    request that hold it."""
    found: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        if not row.held:
            continue
        principal = row.principal
        for answer in row.answers:
            if not answer.decision.allowed:
                continue
            key = (who(principal.kind, principal.name), principal.account.key, answer.ask.action)
            found.setdefault(
                key,
                {
                    "principal": key[0],
                    "kind": principal.kind,
                    "account": key[1],
                    "action": key[2],
                    "resource": answer.ask.resource,
                    "capability": row.capability.key,
                    "groups": list(principal.groups),
                    "via": list(row.via),
                    "reason": answer.decision.reason,
                },
            )
    return [found[key] for key in sorted(found, key=lambda k: (k[1], k[0], k[2]))]


def build_record(blueprint, tree, today: datetime.date, blueprint_sha256: str) -> dict:
    from orgctl.access.command import analyse

    record = {"blueprint_sha256": blueprint_sha256, "as_of": today.isoformat()}
    try:
        rows, assertions, found, problems, evaluated = analyse(blueprint, tree, today)
    except (UnknownManagedPolicy, PolicyError) as error:
        return {**record, "error": str(error)}
    return {
        **record,
        "managed_policies": source(),
        "assumptions": list(ASSUMPTIONS),
        "principals": len({(r.principal.kind, r.principal.arn) for r in rows}),
        "rows": len(rows),
        "held": held_actions(rows),
        "assertions": assertion_results(assertions, found, evaluated),
        "guardrail_problems": [f"{'.'.join(map(str, p.path))}: {p.message}" for p in problems],
        "matrix": matrix_records(rows),
    }


def keep_blueprint(blueprint_path: Path, plan_dir: Path) -> Path:
    """Copy the planned blueprint beside plan.json, byte for byte (its sha256 is the one the
    export records), so a later diff or report can evaluate the old plan's access."""
    path = plan_dir / BLUEPRINT_COPY
    path.write_bytes(blueprint_path.read_bytes())
    return path


def record_for_export(
    plan_path: Path, export: dict, today: datetime.date, candidates: tuple[Path, ...] = ()
) -> tuple[dict | None, str]:
    """The effective-access record of the blueprint an export was planned from: the copy
    beside `plan_path`, or one of `candidates` (the stack's blueprint file), whichever has the
    sha256 the export records. None and the reason when there is none, or when it cannot be
    evaluated."""
    from blueprint import check_blueprint
    from program.domain_checks import DOMAIN_CHECKS
    from program.stack_facts import file_sha256

    recorded = blueprint_sha256(export)
    if recorded is None:
        return None, f"{plan_path} does not record which blueprint it was planned from"
    for path in (plan_path.parent / BLUEPRINT_COPY, *candidates):
        try:
            if not path.is_file() or file_sha256(path) != recorded:
                continue
        except OSError:
            continue
        result = check_blueprint(str(path), today=today, extra_checks=DOMAIN_CHECKS)
        if not result.ok:
            return None, f"the blueprint {path} is not valid as of {today.isoformat()}"
        record = build_record(result.blueprint, result.tree, today, recorded)
        if "error" in record:
            return None, f"the evaluator could not run: {record['error']}"
        return record, ""
    return None, (
        f"the blueprint {plan_path} was planned from (sha256 {recorded[:12]}...) is not at hand: "
        f"no {BLUEPRINT_COPY} beside it with that sha256 (orgctl plan writes one)"
    )


def blueprint_sha256(export: dict) -> str | None:
    """The blueprint's sha256 the program recorded in the export (stack output `evidence`)."""
    from program.stack_facts import OUTPUT_NAME

    resources = (export.get("deployment") or {}).get("resources") or []
    stack = next((r for r in resources if r.get("type") == "pulumi:pulumi:Stack"), {})
    return ((stack.get("outputs") or {}).get(OUTPUT_NAME) or {}).get("blueprint_sha256")


def compare_records(
    old: dict, new: dict, renames: Renames | None = None
) -> tuple[list[dict], list[dict]]:
    """(gained, lost) entries per (principal, account, action). A renamed account or permission
    set is the same one under its new key, so a rename alone gains and loses nothing."""
    current_account = _current_keys(renames.accounts if renames else {})
    current_set = _current_keys(renames.permission_sets if renames else {})

    def keyed(record: dict, translate: bool) -> dict:
        entries = {}
        for h in record["held"]:
            principal, account = h["principal"], h["account"]
            if translate:
                account = current_account.get(account, account)
                if h["kind"] == "permission-set":
                    principal = current_set.get(principal, principal)
            entries[(principal, account, h["action"])] = h
        return entries

    before, after = keyed(old, True), keyed(new, False)
    order = lambda k: (k[1], k[0], k[2])  # noqa: E731
    gained = [after[k] for k in sorted(after.keys() - before.keys(), key=order)]
    lost = [before[k] for k in sorted(before.keys() - after.keys(), key=order)]
    return gained, lost


def _current_keys(formers_by_key: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {former: key for key, formers in formers_by_key.items() for former in formers}
