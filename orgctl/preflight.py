"""`orgctl preflight --stack NAME`: with the management account's credentials, check the
existing accounts for what the first `pulumi up` cannot fix by itself, read-only:

- every adopted member account lets the management account assume `organization.access_role`
  (accounts that joined by invitation have no OrganizationAccountAccessRole);
- no account already runs an AWS Config recorder or delivery channel of its own in an allowed
  Region (one of each per account and Region; org-iam's StackSet would fail there).

Accounts the blueprint creates are skipped: they do not exist yet. Exit 0 clean, 1 on problems,
2 when the blueprint, the stack or the credentials are unusable.
"""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import asdict
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError

from blueprint import BlueprintIOError, check_blueprint
from orgctl import exit_codes
from orgctl.account_probe import (
    ProbeError,
    Problem,
    assume_access_role,
    caller_account,
    config_problems,
)
from orgctl.domain_checks import DOMAIN_CHECKS
from orgctl.stack_config import REPO, StackConfigError, stack_config


def run(
    stack: str,
    *,
    blueprint: str | None = None,
    output_format: str = "text",
    today: datetime.date | None = None,
) -> int:
    try:
        path = blueprint or str(REPO / stack_config(stack)["org-iam:blueprint"])
        result = check_blueprint(
            path, today=today or datetime.date.today(), extra_checks=DOMAIN_CHECKS
        )
    except (StackConfigError, BlueprintIOError, OSError) as error:
        print(f"orgctl preflight: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    if not result.ok:
        for diagnostic in result.diagnostics:
            print(diagnostic)
        print(f"{Path(path).name} is not valid; nothing checked")
        return exit_codes.FINDINGS
    try:
        problems, checked = _probe(boto3.Session(), result.blueprint)
    except (ProbeError, BotoCoreError) as error:
        print(f"orgctl preflight: {error}", file=sys.stderr)
        return exit_codes.USAGE_OR_IO
    _report(problems, checked, output_format)
    return exit_codes.FINDINGS if problems else exit_codes.CLEAN


def _probe(session: boto3.Session, blueprint) -> tuple[list[Problem], list[str]]:
    organization = blueprint.organization
    management_id = blueprint.management_account_id
    caller = caller_account(session)
    if caller != management_id:
        raise ProbeError(
            f"these credentials are for account {caller}, not the management account "
            f"{management_id}"
        )
    regions = sorted(organization.allowed_regions)
    check_config = blueprint.monitoring.config
    problems: list[Problem] = []
    checked = []
    for key, account in sorted(blueprint.accounts.items()):
        if account.id is None:
            continue
        checked.append(key)
        if account.id == management_id:
            member = session
        else:
            role = organization.access_role
            role_arn = f"arn:{blueprint.partition}:iam::{account.id}:role/{role}"
            member = assume_access_role(session, account.id, role_arn)
            if isinstance(member, str):
                problems.append(
                    Problem(
                        key,
                        account.id,
                        "",
                        f"cannot assume {role_arn} ({member})",
                        "create the role in the account, trusting the management account "
                        "(accounts that joined by invitation have none); see README",
                    )
                )
                continue
        if check_config:
            problems.extend(config_problems(member, key, account.id, regions))
    return sorted(problems), checked


def _report(problems, checked, output_format: str) -> None:
    if output_format == "json":
        print(json.dumps({"checked": checked, "problems": [asdict(p) for p in problems]}))
        return
    for problem in problems:
        where = f"{problem.account} ({problem.account_id})" + (
            f" {problem.region}" if problem.region else ""
        )
        print(f"{where}: {problem.message}. Fix: {problem.fix}.")
    print(f"Preflight: {len(checked)} existing account(s) checked, {len(problems)} problem(s)")
