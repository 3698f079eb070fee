"""`orgctl plan --stack NAME`: validate the stack's blueprint, run the real program under
Pulumi's mock runtime, write out/<stack>/plan.json (deployment export shape), print the
summary and the policy pack's results. Exit 1 on invalid blueprint or mandatory violation."""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from blueprint import BlueprintIOError, LoadResult, check_blueprint
from guardrails.compose import compose_guardrails
from orgctl import exit_codes
from orgctl.diff import diff_lines
from orgctl.domain_checks import DOMAIN_CHECKS
from orgctl.stack_config import REPO, StackConfigError, stack_config


@dataclass
class Plan:
    blueprint_path: str
    result: LoadResult
    export: dict | None = None

    @property
    def notes(self) -> str:
        return "\n".join(str(d).replace(str(REPO) + "/", "") for d in self.result.diagnostics)


def build_plan(
    stack: str, today: datetime.date, out_dir: Path, blueprint: str | None = None
) -> Plan:
    """Validate the stack's blueprint (or `blueprint`) and, if valid, run the program and write
    plan.json."""
    from orgctl.export import to_export
    from orgctl.mock_runtime import run_program

    config = stack_config(stack)
    if blueprint is not None:
        config["org-iam:blueprint"] = str(Path(blueprint).resolve())
    path = config["org-iam:blueprint"]
    plan = Plan(path, check_blueprint(str(REPO / path), today=today, extra_checks=DOMAIN_CHECKS))
    if not plan.result.ok:
        return plan
    recorded = run_program(REPO, stack, {**config, "org-iam:today": today.isoformat()})
    plan.export = to_export(recorded.registrations, stack, recorded.invocations)
    target = out_dir / stack
    target.mkdir(parents=True, exist_ok=True)
    (target / "plan.json").write_text(json.dumps(plan.export, indent=1, sort_keys=True) + "\n")
    return plan


def run(
    stack: str,
    *,
    today: datetime.date | None,
    diff: str | None,
    out: str,
    blueprint: str | None = None,
) -> int:
    from orgctl.policy_runner import blocking, run_policies
    from orgctl.summary import render

    today = today or datetime.date.today()
    out_dir = Path(out)
    try:
        old = json.loads(Path(diff).read_text()) if diff else None
        plan = build_plan(stack, today, out_dir, blueprint)
    except (StackConfigError, BlueprintIOError, OSError, ValueError) as error:
        print(f"orgctl plan: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    if plan.notes:
        print(plan.notes)
    if plan.export is None:
        print(f"{plan.blueprint_path} is not valid; no plan written")
        return exit_codes.FINDINGS
    export = plan.export
    blueprint, tree = plan.result.blueprint, plan.result.tree
    guardrails = compose_guardrails(blueprint, tree, today)
    print(f"org-iam plan — stack {stack}, blueprint {plan.blueprint_path}, as of {today}\n")
    print(render(blueprint, tree, guardrails, export))
    if old is not None:
        print("\n".join(diff_lines(old, export)) + "\n")
    findings = run_policies(export)
    mandatory = blocking(findings)
    print(f"Policy pack: {len(mandatory)} mandatory violation(s), {len(findings)} finding(s)")
    for finding in findings:
        where = finding.urn.rsplit("::", 1)[-1] if finding.urn else "(stack)"
        print(f"  [{finding.enforcement}] {finding.policy}: {where}: {finding.message}")
    print(f"\nWrote {out_dir / stack / 'plan.json'}")
    return exit_codes.FINDINGS if mandatory else exit_codes.CLEAN
