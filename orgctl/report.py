"""`orgctl report --stack NAME` (plans offline first) or `--from-export FILE` (a real
`pulumi stack export`): writes out/<stack>/evidence/ for the auditor."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from blueprint import BlueprintIOError
from orgctl import exit_codes
from orgctl.stack_config import StackConfigError


def run(
    stack: str | None,
    *,
    from_export: str | None,
    today: datetime.date | None,
    out: str,
    screenshot: bool = False,
    frameworks: list[str] | None = None,
) -> int:
    from orgctl.evidence.report import write_evidence
    from orgctl.plan import build_plan
    from orgctl.policy_runner import run_policies

    out_dir = Path(out)
    try:
        if from_export:
            export = json.loads(Path(from_export).read_text())
            name = stack or Path(from_export).stem
        else:
            plan = build_plan(stack, today or datetime.date.today(), out_dir)
            if plan.export is None:
                print(plan.notes)
                print(f"{plan.blueprint_path} is not valid; no report written")
                return exit_codes.FINDINGS
            export, name = plan.export, stack
        resources = export["deployment"]["resources"]
    except (StackConfigError, BlueprintIOError, OSError, ValueError, KeyError, TypeError) as error:
        print(f"orgctl report: cannot read the input: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    if not isinstance(resources, list):
        print(
            "orgctl report: cannot read the input: deployment.resources is not a list",
            file=sys.stderr,
        )
        return exit_codes.USAGE_OR_IO
    findings = run_policies(export)
    files, summary = write_evidence(
        export, findings, out_dir / name / "evidence", name, frameworks=frameworks
    )
    print(summary)
    for path in files:
        print(f"Wrote {path}")
    if screenshot:
        from orgctl.screenshot import BrowserMissing, open_page

        page = files[0]
        try:
            check = open_page(
                page, page.with_name("screenshot.png"), pdf=page.with_name("evidence.pdf")
            )
        except BrowserMissing as error:
            # The pack is complete without the picture; a laptop without Chromium still plans.
            print(f"orgctl report: warning: no screenshot or PDF: {error}", file=sys.stderr)
            return exit_codes.CLEAN
        except (RuntimeError, OSError) as error:
            print(f"orgctl report: no screenshot: {error}", file=sys.stderr)
            return exit_codes.USAGE_OR_IO
        print(f"Wrote {check.screenshot} (the whole page, {check.width}×{check.height} px)")
        print(f"Wrote {check.pdf}")
        if check.console:
            print("The report printed to the browser console:\n" + "\n".join(check.console))
            return exit_codes.FINDINGS
    return exit_codes.CLEAN
