"""`orgctl drift --stack NAME [--blueprint FILE]`: with the management account's credentials,
read the live organization (read-only) and say what differs from what the stack's blueprint
deploys: missing (the blueprint has it, the organization does not), extra (made by hand) or
changed. Exit 0 no drift, 1 drift, 2 when the blueprint or the credentials are unusable.
"""

from __future__ import annotations

import datetime
import json
import sys

import boto3

from blueprint import BlueprintIOError, check_blueprint
from orgctl import exit_codes
from orgctl.drift.compare import AREAS, Finding, find_drift
from orgctl.live.reader import LiveReadError, read_organization
from orgctl.stack_config import StackConfigError, stack_blueprint
from program.domain_checks import DOMAIN_CHECKS


def _fail(message: str, output_format: str) -> int:
    if output_format == "json":
        print(json.dumps({"error": message}))
    print(f"orgctl drift: {message}", file=sys.stderr)
    return exit_codes.USAGE_OR_IO


def run(
    stack: str,
    *,
    blueprint: str | None = None,
    output_format: str = "text",
    today: datetime.date | None = None,
) -> int:
    today = today or datetime.date.today()
    try:
        path = stack_blueprint(stack, blueprint)
        result = check_blueprint(path, today=today, extra_checks=DOMAIN_CHECKS)
    except (StackConfigError, BlueprintIOError, OSError) as error:
        return _fail(str(error), output_format)
    if not result.ok:
        for diagnostic in (d for d in result.diagnostics if d.severity == "error"):
            print(diagnostic, file=sys.stderr)
        return _fail(f"{path} is not valid; nothing compared", output_format)
    model = result.blueprint
    try:
        live = read_organization(boto3.Session(), model.organization.home_region)
    except LiveReadError as error:
        return _fail(
            f"{error}. Run with the management account's credentials (AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), allowed to read Organizations, "
            "IAM Identity Center, the identity store and IAM",
            output_format,
        )
    if live.organization.management_account_id != model.management_account_id:
        return _fail(
            f"these credentials reach the organization managed by "
            f"{live.organization.management_account_id}; the blueprint's management account is "
            f"{model.management_account_id}",
            output_format,
        )
    findings = find_drift(model, result.tree, today, live)
    print(_render(findings, stack, path, output_format))
    return exit_codes.FINDINGS if findings else exit_codes.CLEAN


def _render(findings: list[Finding], stack: str, path: str, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(
            {
                "stack": stack,
                "blueprint": path,
                "drift": bool(findings),
                "findings": [
                    {"area": f.area, "change": f.change, "subject": f.subject, "message": f.message}
                    for f in findings
                ],
            },
            indent=1,
        )
    by_area = {area: [f for f in findings if f.area == area] for area in AREAS}
    if output_format == "markdown":
        lines = [f"# Drift of stack `{stack}`", "", f"Blueprint: `{path}`", ""]
        if not findings:
            lines.append("No drift in the areas compared.")
        for area, items in by_area.items():
            if items:
                lines += [f"## {area[0].upper()}{area[1:]}", ""]
                lines += [f"- **{f.change}**: {f.message}" for f in items]
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"
    lines = []
    for area, items in by_area.items():
        for finding in items:
            lines.append(f"{area}: {finding.change}: {finding.message}")
    lines.append(
        f"Drift: {len(findings)} difference(s) between the live organization and {path}"
        if findings
        else f"No drift: the live organization matches {path} in every area compared"
    )
    return "\n".join(lines)
