"""`orgctl plan --stack NAME`: validate the stack's blueprint, run the real program under
Pulumi's mock runtime, write out/<stack>/plan.json (deployment export shape), print the
summary and the policy pack's results. Exit 1 on invalid blueprint or mandatory violation."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from blueprint import BlueprintIOError, LoadResult, check_blueprint
from blueprint.pack_config import pack_config
from blueprint.renames import PreviousKeys, Renames
from blueprint.semantics.renames import replacement_warnings
from guardrails.compose import compose_guardrails
from orgctl import exit_codes
from orgctl.access.record import (
    blueprint_sha256,
    build_record,
    compare_records,
    keep_blueprint,
    record_for_export,
)
from orgctl.errors import report_error
from orgctl.stack_config import REPO, StackConfigError, stack_config
from program.domain_checks import DOMAIN_CHECKS


@dataclass
class Plan:
    blueprint_path: str
    result: LoadResult
    export: dict | None = None

    @property
    def notes(self) -> str:
        return "\n".join(str(d).replace(str(REPO) + "/", "") for d in self.result.diagnostics)


def build_plan(
    stack: str,
    today: datetime.date,
    out_dir: Path,
    blueprint: str | None = None,
    previous: PreviousKeys | None = None,
) -> Plan:
    """Validate the stack's blueprint (or `blueprint`) and, if valid, run the program and write
    plan.json. With `previous` (the plan diffed against), keys that look renamed without
    `renamed_from` are warnings."""
    from orgctl.export import to_export
    from orgctl.mock_runtime import run_program

    config = stack_config(stack)
    if blueprint is not None:
        config["org-iam:blueprint"] = str(Path(blueprint).resolve())
    path = config["org-iam:blueprint"]
    checks = (*DOMAIN_CHECKS, replacement_warnings(previous)) if previous else DOMAIN_CHECKS
    plan = Plan(path, check_blueprint(str(REPO / path), today=today, extra_checks=checks))
    if not plan.result.ok:
        return plan
    recorded = run_program(REPO, stack, {**config, "org-iam:today": today.isoformat()})
    plan.export = to_export(
        recorded.registrations,
        stack,
        recorded.stack_outputs,
        as_of=today.isoformat(),
        invocations=recorded.invocations,
    )
    target = out_dir / stack
    target.mkdir(parents=True, exist_ok=True)
    (target / "plan.json").write_text(json.dumps(plan.export, indent=1, sort_keys=True) + "\n")
    keep_blueprint(REPO / path, target)
    return plan


def access_record(plan: Plan, today: datetime.date) -> dict:
    """The effective access of the blueprint just planned."""
    assert plan.export is not None and plan.result.blueprint is not None
    return build_record(
        plan.result.blueprint, plan.result.tree, today, blueprint_sha256(plan.export) or ""
    )


def effective_change(
    old_plan: str,
    old_export: dict,
    new_record: dict,
    today: datetime.date,
    renames: Renames | None = None,
):
    """Effective access gained and lost from the plan OLD_PLAN to the new record."""
    from orgctl.diff import EffectiveAccessChange

    if "error" in new_record:
        reason = f"this plan's access cannot be evaluated: {new_record['error']}"
        return EffectiveAccessChange([], [], reason)
    old, why = record_for_export(Path(old_plan), old_export, today)
    if old is None:
        return EffectiveAccessChange([], [], why)
    return EffectiveAccessChange(*compare_records(old, new_record, renames))


def _error(output_format: str, message: str) -> int:
    return report_error("plan", message, output_format)


def run(
    stack: str,
    *,
    today: datetime.date | None,
    diff: str | None,
    out: str,
    blueprint: str | None = None,
    output_format: str = "text",
    policy_config: str | None = None,
) -> int:
    from orgctl import diff as plan_diff
    from orgctl import diff_format
    from orgctl.policy_runner import (
        PolicyConfigError,
        blocking,
        merge_config,
        run_policies,
        validate_config,
    )
    from orgctl.summary import render

    today = today or datetime.date.today()
    out_dir = Path(out)
    if output_format == "markdown" and not diff:
        return _error(output_format, "--format markdown shows a diff: give --diff OLD_PLAN.json")
    try:
        extra = json.loads(Path(policy_config).read_text()) if policy_config else {}
        validate_config(extra)
    except PolicyConfigError as error:
        return _error(output_format, f"{policy_config}: {error}")
    except (OSError, ValueError) as error:
        return _error(output_format, str(error))
    try:
        old = _read_export(diff) if diff else None
        previous = PreviousKeys.from_export(old, f"the previous plan {diff}") if old else None
        plan = build_plan(stack, today, out_dir, blueprint, previous)
    except (StackConfigError, BlueprintIOError, OSError, ValueError) as error:
        return _error(output_format, str(error))
    if plan.export is None:
        return _invalid(plan, output_format)
    export = plan.export
    changes = plan_diff.compare(old, export) if old is not None else None
    if changes is not None:
        changes.effective = effective_change(
            diff, old, access_record(plan, today), today, Renames.of(plan.result.blueprint)
        )
    result = plan.result
    # What the blueprint approves reaches the pack; written for pulumi --policy-pack-config.
    settings = merge_config(pack_config(result.blueprint, result.tree), extra)
    validate_config(settings)
    config_path = out_dir / stack / "policy-config.json"
    config_path.write_text(json.dumps(settings, indent=2, sort_keys=True) + "\n")
    findings = run_policies(export, settings)
    mandatory = blocking(findings)
    status = exit_codes.FINDINGS if mandatory else exit_codes.CLEAN
    if output_format == "json":
        print(json.dumps(_json(stack, plan, out_dir, changes, findings, mandatory), indent=2))
        return status
    if output_format == "markdown":
        print(diff_format.markdown(changes, f"org-iam plan diff: stack `{stack}`"))
        if plan.notes:  # warnings (an expiring sandbox, a key renamed without renamed_from)
            print(f"#### Blueprint warnings\n\n```\n{plan.notes}\n```\n")
        print(_policy_markdown(findings, mandatory))
        return status
    if changes is not None:  # the change first: it is what the reviewer came for
        print(diff_format.text(changes) + "\n")
    if plan.notes:
        print(plan.notes)
    guardrails = compose_guardrails(result.blueprint, result.tree, today)
    print(f"org-iam plan — stack {stack}, blueprint {plan.blueprint_path}, as of {today}\n")
    print(render(result.blueprint, result.tree, guardrails, export))
    print(f"Policy pack: {len(mandatory)} mandatory violation(s), {len(findings)} finding(s)")
    for finding in findings:
        print(f"  [{finding.enforcement}] {finding.policy}: {_where(finding)}: {finding.message}")
    print(f"\nWrote {out_dir / stack / 'plan.json'} and {config_path} (the pack's configuration)")
    return status


def _read_export(path: str) -> dict:
    try:
        export = json.loads(Path(path).read_text())
    except ValueError as error:
        raise ValueError(f"{path}: not JSON: {error}") from None
    if not isinstance(export, dict) or not isinstance(
        (export.get("deployment") or {}).get("resources"), list
    ):
        raise ValueError(f"{path}: not a deployment export (no deployment.resources)")
    return export


def _where(finding) -> str:
    return finding.urn.rsplit("::", 1)[-1] if finding.urn else "(stack)"


def _invalid(plan: Plan, output_format: str) -> int:
    message = f"{plan.blueprint_path} is not valid; no plan written"
    if output_format == "json":
        diagnostics = [d.as_dict() for d in plan.result.diagnostics]
        print(
            json.dumps({"command": "plan", "error": message, "diagnostics": diagnostics}, indent=2)
        )
    elif output_format == "markdown":
        print(f"### org-iam plan\n\n**{message}**\n\n```\n{plan.notes}\n```")
    else:
        print(plan.notes)
        print(message)
    return exit_codes.FINDINGS


def _json(stack, plan, out_dir, changes, findings, mandatory) -> dict:
    return {
        "stack": stack,
        "blueprint": plan.blueprint_path,
        "plan": str(out_dir / stack / "plan.json"),
        "resources": sum(
            1 for r in plan.export["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack"
        ),
        "diagnostics": [d.as_dict() for d in plan.result.diagnostics],
        "diff": changes.as_dict() if changes is not None else None,
        "policy_pack": {
            "mandatory_violations": len(mandatory),
            "findings": [f.as_dict() for f in findings],
        },
    }


def _policy_markdown(findings, mandatory) -> str:
    lines = [
        "#### Policy pack",
        "",
        f"{len(mandatory)} mandatory violation(s), {len(findings)} finding(s)",
    ]
    lines += [f"- [{f.enforcement}] {f.policy}: `{_where(f)}`: {f.message}" for f in findings]
    return "\n".join(lines)
