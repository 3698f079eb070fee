"""`orgctl access --stack S [--blueprint FILE] [--format text|csv|json]`: the effective-access
matrix of the stack's blueprint over the catalogue of sensitive capabilities, directly and
through escalation, and the default assertions. Exit 1 on an invalid blueprint or a violated
assertion, 2 on usage or I/O errors."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from blueprint import BlueprintIOError, check_blueprint
from guardrails.compose import compose_guardrails
from iam_evaluator import PolicyError
from iam_evaluator.managed_policies import UnknownManagedPolicy, source
from orgctl import exit_codes
from orgctl.access.assertions import (
    DEFAULT_ASSERTIONS,
    blueprint_assertions,
    scopes,
    violations,
)
from orgctl.access.escalation import with_escalation
from orgctl.access.matrix import matrix
from orgctl.access.principals import Organization
from orgctl.access.report import as_csv, as_json, as_text
from orgctl.stack_config import REPO, StackConfigError, stack_config
from program.domain_checks import DOMAIN_CHECKS


def analyse(blueprint, tree, today: datetime.date):
    """(rows, assertions, violations, guardrail problems, what each assertion was evaluated
    over) for a valid blueprint: the default assertions and the blueprint's own."""
    plan = compose_guardrails(blueprint, tree, today)
    org = Organization(blueprint, tree, plan)
    principals = org.principals()
    rows = with_escalation(org, principals, matrix(org, principals))
    assertions = DEFAULT_ASSERTIONS + blueprint_assertions(org)
    found = violations(org, rows, assertions)
    return rows, assertions, found, plan.problems, scopes(org, rows, assertions)


def run(
    stack: str,
    *,
    blueprint: str | None = None,
    output_format: str = "text",
    today: datetime.date | None = None,
) -> int:
    today = today or datetime.date.today()
    try:
        config = stack_config(stack)
        path = str(Path(blueprint).resolve()) if blueprint else config["org-iam:blueprint"]
        result = check_blueprint(str(REPO / path), today=today, extra_checks=DOMAIN_CHECKS)
    except (StackConfigError, BlueprintIOError, OSError) as error:
        print(f"orgctl access: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    if not result.ok:
        for diagnostic in result.diagnostics:
            print(str(diagnostic).replace(str(REPO) + "/", ""), file=sys.stderr)
        print(f"orgctl access: {path} is not valid; no analysis", file=sys.stderr)
        return exit_codes.FINDINGS
    try:
        rows, assertions, found, problems, evaluated = analyse(result.blueprint, result.tree, today)
    except (UnknownManagedPolicy, PolicyError) as error:
        print(f"orgctl access: {error}", file=sys.stderr)
        return exit_codes.FINDINGS
    for problem in problems:
        print(
            f"orgctl access: guardrails: {'.'.join(map(str, problem.path))}: {problem.message}",
            file=sys.stderr,
        )
    header = {
        "stack": stack,
        "blueprint": str(Path(path)).replace(str(REPO) + "/", ""),
        "as_of": today.isoformat(),
        "managed_policies": source(),
    }
    if output_format == "json":
        sys.stdout.write(as_json(header, rows, found, assertions, evaluated))
    elif output_format == "csv":
        sys.stdout.write(as_csv(rows))
    else:
        sys.stdout.write(as_text(header, rows, found, assertions, evaluated))
    return exit_codes.FINDINGS if found or problems else exit_codes.CLEAN
