"""`orgctl check PLAN.json`: every policy of the pack over a deployment export (an offline plan
or `pulumi stack export` of a live stack). Exit 1 on any mandatory violation."""

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


def run(plan: str, *, config: str | None, output_format: str) -> int:
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
