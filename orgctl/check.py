"""`orgctl check PLAN.json`: every policy of the pack over a deployment export (an offline plan
or `pulumi stack export` of a live stack). Exit 1 on any mandatory violation.

`--engine` runs the pack through its own analyzer server instead, as `pulumi preview` and
`pulumi up` do (orgctl.engine_harness), and says per policy what each of them can decide."""

from __future__ import annotations

import json
import sys

from orgctl import exit_codes
from orgctl.errors import report_error
from orgctl.policy_runner import PolicyConfigError, blocking, run_policies, validate_config


def _load(path: str, what: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise SystemExit(f"{path}: cannot read {what}: {error.strerror}") from None
    except ValueError as error:
        raise SystemExit(f"{path}: {what} is not JSON: {error}") from None


def run(plan: str, *, config: str | None, output_format: str, engine: bool = False) -> int:
    try:
        export = _load(plan, "the plan")
        settings = _load(config, "the policy config") if config else {}
        if "deployment" not in export or "resources" not in export["deployment"]:
            raise SystemExit(f"{plan}: not a deployment export (no deployment.resources)")
        validate_config(settings)
    except PolicyConfigError as error:
        return report_error("check", f"{config}: {error}", output_format)
    except SystemExit as error:
        return report_error("check", str(error), output_format)
    if engine:
        return _run_engine(export, settings, output_format)
    findings = run_policies(export, settings)
    if output_format == "json":
        json.dump([f.as_dict() for f in findings], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for finding in findings:
            where = finding.urn.rsplit("::", 1)[-1] if finding.urn else "(stack)"
            print(f"[{finding.enforcement}] {finding.policy}: {where}: {finding.message}")
        counts = f"{len(blocking(findings))} mandatory violation(s), {len(findings)} finding(s)"
        print(f"policy pack: {counts}", file=sys.stderr)
    return exit_codes.FINDINGS if blocking(findings) else exit_codes.CLEAN


def _run_engine(export: dict, settings: dict, output_format: str) -> int:
    from orgctl.analyzer_server import AnalyzerStartError
    from orgctl.engine_harness import PHASES, run_engine

    try:
        report = run_engine(export, settings)
    except PolicyConfigError as error:
        return report_error("check", f"policy config: {error}", output_format)
    except AnalyzerStartError as error:
        return report_error("check", str(error), output_format)
    if output_format == "json":
        json.dump(report.as_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for phase in PHASES:
            print(_phase_summary(phase, report.in_phase(phase)))
            for outcome in report.in_phase(phase):
                if outcome.status != "decided":
                    detail = outcome.reason or f"{outcome.violations} violation(s)"
                    print(
                        f"  {outcome.status}: {outcome.policy} ({outcome.policy_type} policy, "
                        f"{outcome.when}): {detail}" + _waiting(outcome.waiting)
                    )
            for diagnostic in report.diagnostics:
                if diagnostic.phase == phase and diagnostic.kind == "violation":
                    where = _name(diagnostic.urn)
                    print(
                        f"  [{diagnostic.enforcement}] {diagnostic.policy}: {where}: "
                        f"{diagnostic.message}"
                    )
        print(
            f"policy pack through its analyzer server: {len(report.blocking())} mandatory "
            "violation(s)",
            file=sys.stderr,
        )
    return exit_codes.FINDINGS if report.blocking() else exit_codes.CLEAN


PHASE_MEANING = {
    "first preview": "pulumi preview before anything exists; values from resources not yet "
    "created are unknown",
    "update": "pulumi up; resource policies before each creation, stack policies after the "
    "deployment",
}


def _phase_summary(phase: str, outcomes) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    tally = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{phase} ({PHASE_MEANING[phase]}): {len(outcomes)} policies: {tally}"


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if urn else "(stack)"


def _waiting(names) -> str:
    if not names:
        return ""
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f" [{shown}]"
