"""`orgctl validate FILE ...`: every located error and warning of each blueprint file."""

from __future__ import annotations

import datetime
import json
import sys
from typing import TextIO

from blueprint import BlueprintIOError, Diagnostic, check_blueprint
from blueprint.diagnostics import collapse_repeats
from orgctl import exit_codes
from program.domain_checks import DOMAIN_CHECKS


def _summary(path: str, result) -> str:
    errors = sum(d.severity == "error" for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if result.ok:
        blueprint = result.blueprint
        facts = (
            f"{len(blueprint.accounts)} accounts, {len(result.tree.nodes)} OUs, "
            f"{len(blueprint.permission_sets)} permission sets, "
            f"{len(blueprint.assignments)} assignments"
        )
        tail = f", {warnings} warning(s)" if warnings else ""
        return f"{path}: valid ({facts}){tail}"
    return f"{path}: {errors} error(s), {warnings} warning(s)"


def run(
    files: list[str],
    *,
    output_format: str,
    today: datetime.date | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    findings: list[Diagnostic] = []
    summaries: list[str] = []
    status = exit_codes.CLEAN
    for path in files:
        try:
            result = check_blueprint(path, today=today, extra_checks=DOMAIN_CHECKS)
        except BlueprintIOError as error:
            findings.append(Diagnostic(path, 0, 0, "", error.reason))
            summaries.append(f"{path}: {error.reason}")
            status = exit_codes.USAGE_OR_IO
            continue
        findings.extend(result.diagnostics)
        summaries.append(_summary(path, result))
        if not result.ok and status == exit_codes.CLEAN:
            status = exit_codes.FINDINGS
    shown = collapse_repeats(findings)
    if output_format == "json":
        json.dump([d.as_dict() for d in shown], out, indent=2)
        out.write("\n")
    else:
        for diagnostic in shown:
            print(str(diagnostic), file=out)
        for line in summaries:
            print(line, file=err)
    return status
