"""`orgctl preflight --stack NAME`: with the management account's credentials, check the
existing accounts for what the first `pulumi up` cannot fix by itself, read-only:

- every adopted member account lets the management account assume `organization.access_role`
  (accounts that joined by invitation have no OrganizationAccountAccessRole);
- no account already runs an AWS Config recorder or delivery channel of its own in an allowed
  Region (one of each per account and Region; org-iam's StackSet would fail there);
- in an adopted organization, no account other than the security account is delegated
  administrator of a service org-iam delegates (one per service);
- IAM Identity Center is enabled in the home Region and, with an external IdP, every group of
  the blueprint is in its identity store under its display name (the program looks them up);
- no adopted member account already has a role of a name the guardrails exempt (access,
  deployment, break-glass, StackSet execution) that trusts anyone outside the management
  account, and none already has the deployment or break-glass roles org-iam creates;
- in an adopted organization, the SCPs already attached to an adopted account leave room for
  org-iam's (ten per target, FullAWSAccess included).

Accounts the blueprint creates are skipped: they do not exist yet. Exit 0 clean, 1 on problems,
2 when the blueprint, the stack or the credentials are unusable.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from blueprint import BlueprintIOError, check_blueprint
from blueprint.quotas import FULL_AWS_ACCESS_SLOTS, SCP_POLICIES_PER_TARGET
from guardrails.compose import POLICY_NAME_PREFIX, Target, compose_guardrails
from org.service_principals import delegated_principals
from orgctl import exit_codes
from orgctl.account_probe import (
    ProbeError,
    Problem,
    assume_access_role,
    caller_account,
    config_problems,
    foreign_delegations,
    foreign_scps,
    identity_store_id,
    missing_groups,
)
from orgctl.errors import report_error
from orgctl.exempt_roles import exempt_role_problems
from orgctl.stack_config import StackConfigError, stack_blueprint
from program.domain_checks import DOMAIN_CHECKS

CREDENTIALS_HINT = (
    "Run with read-only credentials of the management account: for example "
    "`aws sso login --profile mgmt` then `AWS_PROFILE=mgmt orgctl preflight ...`, or "
    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN; docs/preflight.md lists the "
    "permissions it needs"
)
NO_CREDENTIALS = f"no AWS credentials found. {CREDENTIALS_HINT}"


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
        return report_error("preflight", str(error), output_format)
    if not result.ok:
        message = f"{Path(path).name} is not valid; nothing checked"
        if output_format == "json":
            diagnostics = [d.as_dict() for d in result.diagnostics]
            print(
                json.dumps(
                    {"command": "preflight", "error": message, "diagnostics": diagnostics},
                    indent=2,
                )
            )
        else:
            for diagnostic in result.diagnostics:
                print(diagnostic)
            print(message)
        return exit_codes.FINDINGS
    session = boto3.Session()
    if session.get_credentials() is None:
        return report_error("preflight", NO_CREDENTIALS, output_format)
    try:
        problems, checked = _probe(session, result, today)
    except (ProbeError, BotoCoreError) as error:
        return report_error("preflight", f"{error}. {CREDENTIALS_HINT}", output_format)
    _report(problems, checked, output_format)
    return exit_codes.FINDINGS if problems else exit_codes.CLEAN


def _probe(session: boto3.Session, result, today) -> tuple[list[Problem], list[str]]:
    blueprint = result.blueprint
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
        if account.id != management_id:
            problems.extend(
                exempt_role_problems(
                    member,
                    key,
                    account.id,
                    created_by_org_iam=[
                        *organization.deployment_roles,
                        blueprint.break_glass.role_name,
                    ],
                    access_role=organization.access_role,
                    management_id=management_id,
                )
            )
    problems.extend(_organization_problems(session, blueprint))
    if organization.id is not None:
        problems.extend(_slot_problems(session, result, today))
    return sorted(problems), checked


def _slot_problems(session: boto3.Session, result, today) -> list[Problem]:
    """Adopted accounts whose own SCPs leave too few of the ten slots for org-iam's."""
    blueprint = result.blueprint
    plan = compose_guardrails(blueprint, result.tree, today)
    problems = []
    for key, account in sorted(blueprint.accounts.items()):
        if account.id is None or key == blueprint.organization.management_account:
            continue
        quarantine_slot = 1 if account.expires is not None and account.expires >= today else 0
        ours = len(plan.attachments.get(Target("account", key), ())) + quarantine_slot
        try:
            theirs = foreign_scps(session, account.id, POLICY_NAME_PREFIX)
        except ClientError as error:
            problems.append(
                Problem(key, account.id, "", f"cannot list its SCPs: {error}", "check access")
            )
            continue
        needed = FULL_AWS_ACCESS_SLOTS + len(theirs) + ours
        if needed > SCP_POLICIES_PER_TARGET:
            problems.append(
                Problem(
                    key,
                    account.id,
                    "",
                    f"already carries {len(theirs)} SCP(s) of its own ({', '.join(theirs)}); "
                    f"with org-iam's {ours} it needs {needed} of {SCP_POLICIES_PER_TARGET} slots",
                    "detach them, or fold their statements into the blueprint's SCPs",
                )
            )
    return problems


def _organization_problems(session: boto3.Session, blueprint) -> list[Problem]:
    organization = blueprint.organization
    management_id = blueprint.management_account_id
    home = organization.home_region
    problems = []

    def problem(message: str, fix: str, region: str = "") -> None:
        problems.append(Problem("organization", management_id, region, message, fix))

    security_id = blueprint.accounts[organization.security_account].id
    if organization.id is not None:
        principals = delegated_principals(blueprint.monitoring)
        for principal, holder in foreign_delegations(session, principals, security_id):
            if not holder.isdigit():
                problem(
                    f"cannot list the delegated administrators of {principal} ({holder})",
                    "check trusted access for the service and the credentials' permissions",
                )
                continue
            problem(
                f"{principal} is delegated to account {holder}, not the security account "
                f"'{organization.security_account}'",
                "deregister that delegated administrator first (one per service)",
            )
    try:
        store = identity_store_id(session, home)
        names = sorted(group.display_name or key for key, group in blueprint.groups.items())
        external = organization.identity_source == "external_idp"
        missing = missing_groups(session, home, store, names) if store and external else []
    except ClientError as error:
        problem(
            f"cannot read IAM Identity Center: {error}",
            "run with credentials allowed sso:ListInstances and identitystore:GetGroupId",
            home,
        )
        return problems
    if store is None:
        problem(
            "IAM Identity Center is not enabled",
            "enable its organization instance in the home Region",
            home,
        )
    for name in missing:
        problem(
            f"group '{name}' is not in the identity store",
            "sync it from the IdP by SCIM, or correct groups.<key>.display_name",
            home,
        )
    return problems


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
