"""`orgctl report --stack NAME` (plans offline first) or `--from-export FILE` (a real
`pulumi stack export`): writes out/<stack>/evidence/ for the auditor."""

from __future__ import annotations

import contextlib
import datetime
import json
import sys
from pathlib import Path

from blueprint import BlueprintIOError
from orgctl import exit_codes
from orgctl.errors import report_error
from orgctl.stack_config import StackConfigError


def run(
    stack: str | None,
    *,
    from_export: str | None,
    today: datetime.date | None,
    out: str,
    screenshot: bool = False,
    frameworks: list[str] | None = None,
    output_format: str = "text",
) -> int:
    from orgctl.evidence.effective_access import (
        CSV_NAME,
        effective_access_html,
        matrix_csv,
        not_evaluated,
    )
    from orgctl.evidence.inventory import read_inventory
    from orgctl.evidence.manifest import write_manifest
    from orgctl.evidence.report import write_evidence
    from orgctl.plan import access_record, build_plan
    from orgctl.policy_runner import run_policies

    out_dir = Path(out)
    access: tuple[dict | None, str] = (None, "")
    try:
        if from_export:
            export = json.loads(Path(from_export).read_text())
            name = stack or _stack_of(export) or Path(from_export).stem
        else:
            plan = build_plan(stack, today or datetime.date.today(), out_dir)
            if plan.export is None:
                message = f"{plan.blueprint_path} is not valid; no report written"
                if output_format == "json":
                    diagnostics = [d.as_dict() for d in plan.result.diagnostics]
                    print(
                        json.dumps(
                            {"command": "report", "error": message, "diagnostics": diagnostics},
                            indent=2,
                        )
                    )
                else:
                    print(plan.notes)
                    print(message)
                return exit_codes.FINDINGS
            export, name = plan.export, stack
            access = (access_record(plan, today or datetime.date.today()), "")
        resources = export["deployment"]["resources"]
    except (StackConfigError, BlueprintIOError, OSError, ValueError, KeyError, TypeError) as error:
        return report_error("report", f"cannot read the input: {error}", output_format)
    if not isinstance(resources, list):
        message = "cannot read the input: deployment.resources is not a list"
        return report_error("report", message, output_format)
    if from_export:
        access = _access_record(Path(from_export), export, stack, today)
    findings = run_policies(export)
    record, why = access
    if record is not None and "error" in record:
        record, why = None, f"the evaluator could not run: {record['error']}"
    target = out_dir / name / "evidence"
    files, summary = write_evidence(
        export,
        findings,
        target,
        name,
        frameworks=frameworks,
        effective_access=effective_access_html(record) if record else not_evaluated(why),
    )
    if record is not None:
        (target / CSV_NAME).write_text(matrix_csv(record), encoding="utf-8")
        files.append(target / CSV_NAME)
    generated = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    files.append(write_manifest(target, read_inventory(export), name, generated, files))
    written = [str(path) for path in files]
    status, notes = exit_codes.CLEAN, []
    if screenshot:
        status, notes, pictures = _screenshot(files[0])
        written += pictures
    if output_format == "json":
        print(json.dumps({"summary": summary, "files": written, "notes": notes}, indent=2))
    else:
        print(summary)
        for path in written:
            print(f"Wrote {path}")
        for note in notes:
            print(f"orgctl report: {note}", file=sys.stderr)
    return status


def _access_record(
    plan_path: Path, export: dict, stack: str | None, today: datetime.date | None
) -> tuple[dict | None, str]:
    """The effective access of the blueprint the export was planned from: the copy `orgctl
    plan` keeps beside plan.json, or the stack's blueprint file if its sha256 is the one the
    export records (as for a `pulumi stack export` of a stack deployed from this checkout)."""
    from orgctl.access.record import record_for_export
    from orgctl.stack_config import REPO, stack_config

    candidates: tuple[Path, ...] = ()
    # Another team's stack has no stack file here: only the copy beside the export can serve.
    with contextlib.suppress(StackConfigError, KeyError):
        candidates = (REPO / stack_config(stack)["org-iam:blueprint"],) if stack else ()
    # Evaluated as of the plan's own date (sandbox expiry changes the guardrails), unless asked.
    planned = ((export.get("deployment") or {}).get("manifest") or {}).get("as_of")
    try:
        as_of = today or (datetime.date.fromisoformat(planned) if planned else None)
    except (TypeError, ValueError):
        as_of = None
    return record_for_export(plan_path, export, as_of or datetime.date.today(), candidates)


def _stack_of(export: dict) -> str | None:
    """The stack named in the export's URNs (`urn:pulumi:<stack>::<project>::...`)."""
    for resource in (export.get("deployment") or {}).get("resources") or []:
        urn = str(resource.get("urn", "")) if isinstance(resource, dict) else ""
        if urn.startswith("urn:pulumi:") and "::" in urn:
            return urn[len("urn:pulumi:") :].split("::", 1)[0]
    return None


def _screenshot(page: Path) -> tuple[int, list[str], list[str]]:
    """The whole page as a PNG and the PDF the browser prints: (status, notes, files)."""
    from orgctl.screenshot import BrowserMissing, open_page

    try:
        check = open_page(
            page, page.with_name("screenshot.png"), pdf=page.with_name("evidence.pdf")
        )
    except BrowserMissing as error:
        # The pack is complete without the picture; a laptop without Chromium still plans.
        return exit_codes.CLEAN, [f"warning: no screenshot or PDF: {error}"], []
    except (RuntimeError, OSError) as error:
        return exit_codes.USAGE_OR_IO, [f"no screenshot: {error}"], []
    files = [str(check.screenshot), str(check.pdf)]
    if check.console:
        lines = "; ".join(check.console)
        return exit_codes.FINDINGS, [f"the report printed to the browser console: {lines}"], files
    return exit_codes.CLEAN, [], files
