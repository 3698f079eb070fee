"""`orgctl validate FILE ...`: every located error and warning of each blueprint file."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import TextIO

from blueprint import BlueprintIOError, Diagnostic, check_blueprint
from blueprint.diagnostics import collapse_repeats
from blueprint.renames import PreviousKeys
from blueprint.semantics.renames import replacement_warnings
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


def read_previous(path: str, today: datetime.date | None) -> PreviousKeys:
    """The keys of `path`: a plan or stack export (JSON), or an earlier blueprint (YAML).
    Raises BlueprintIOError when it is neither."""
    try:
        text = Path(path).read_text()
    except OSError as error:
        raise BlueprintIOError(path, f"cannot read: {error.strerror or error}") from None
    if text.lstrip().startswith("{"):
        try:
            export = json.loads(text)
        except ValueError as error:
            raise BlueprintIOError(path, f"not JSON: {error}") from None
        if not isinstance((export.get("deployment") or {}).get("resources"), list):
            raise BlueprintIOError(path, "not a deployment export (no deployment.resources)")
        return PreviousKeys.from_export(export, f"the previous plan {path}")
    result = check_blueprint(path, today=today)
    if result.blueprint is None:
        raise BlueprintIOError(path, "the previous blueprint cannot be read; validate it first")
    return PreviousKeys.from_blueprint(result.blueprint, f"the previous blueprint {path}")


def run(
    files: list[str],
    *,
    output_format: str,
    today: datetime.date | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    previous: str | None = None,
) -> int:
    """With `previous` (a plan, stack export or earlier blueprint), a key that looks renamed
    without `renamed_from` is a warning: Pulumi would replace what it names."""
    out = out or sys.stdout
    err = err or sys.stderr
    findings: list[Diagnostic] = []
    summaries: list[str] = []
    status = exit_codes.CLEAN
    checks = DOMAIN_CHECKS
    if previous is not None:
        try:
            checks = (*DOMAIN_CHECKS, replacement_warnings(read_previous(previous, today)))
        except BlueprintIOError as error:
            findings.append(Diagnostic(error.file, 0, 0, "", error.reason))
            summaries.append(f"{error.file}: {error.reason}")
            files, status = [], exit_codes.USAGE_OR_IO
    for path in files:
        try:
            result = check_blueprint(path, today=today, extra_checks=checks)
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
