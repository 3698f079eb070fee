"""The default assertions: each blueprint mistake they exist for is reported with the group, the
account, the request and the path; the lockout checks catch a guardrail that locks deployers out."""

from __future__ import annotations

import json

from guardrails.compose import ComposedPolicy, Target
from orgctl.access.assertions import DEFAULT_ASSERTIONS, blueprint_assertions, violations
from tests.orgctl.access.conftest import analysed, organization

# Three layers close the review's path: the SCP protecting exempt names, the boundary's
# delegated role path and the Developer set's own role scope; reopening it takes all three.
REOPENED = (
    ("      - ProtectAccessRoles\n", ""),
    (
        "  EngineerPermissionBoundary:\n",
        "  EngineerPermissionBoundary:\n    delegated_role_path: /\n",
    ),
    ("            - arn:aws:iam::*:role/delegated/*\n", "            - arn:aws:iam::*:role/*\n"),
)


def _messages(org, key: str) -> list[str]:
    assertions = DEFAULT_ASSERTIONS + blueprint_assertions(org)
    return [v.message for v in violations(org, analysed(org), assertions) if v.assertion.key == key]


def test_prod_holds_every_default_and_blueprint_assertion(prod_org, prod_rows):
    """Escalation included (created roles, exempt roles, compute passed or acted through):
    the review's exempt-name path among them stays closed."""
    assertions = DEFAULT_ASSERTIONS + blueprint_assertions(prod_org)
    assert [v.message for v in violations(prod_org, prod_rows, assertions)] == []
    assert {a.source for a in assertions} == {"default", "blueprint"}


def test_developer_assigned_to_a_production_account_is_reported(prod_variant):
    path = prod_variant(
        ("    environments: [nonproduction, sandbox]\n", ""),
        (
            "  - group: checkout-team\n    permission_set: Developer\n    accounts: [dev, qa, staging]",
            "  - group: checkout-team\n    permission_set: Developer\n    accounts: [dev, qa, staging, prod-app-1]",
        ),
    )
    messages = _messages(organization(path), "production-databases-kept")
    assert (
        "permission-set Developer@prod-app-1 (groups: checkout-team) can rds:DeleteDBInstance on "
        "arn:aws:rds:us-east-1:100000000007:db:app: allowed by identity policy 'PowerUserAccess' "
        "statement #0"
    ) in messages


def test_dropping_cloudtrail_protection_from_one_ou_is_reported(prod_variant):
    path = prod_variant(
        (
            "    environment: infrastructure\n    scps: [baseline, region-guard, findings-guard]",
            "    environment: infrastructure\n    scps: [region-guard, findings-guard]",
        )
    )
    messages = _messages(organization(path), "cloudtrail-only-emergency")
    assert (
        "permission-set Admin@network (groups: platform-admins) can cloudtrail:StopLogging on "
        "arn:aws:cloudtrail:us-east-1:100000000004:trail/example-corp-org-trail: allowed by "
        "identity policy 'AdministratorAccess' statement #0"
    ) in messages
    assert not any("@prod-app-1" in m or "@dev " in m for m in messages)  # other OUs still hold


def test_reopened_exempt_name_path_is_reported_with_its_steps(prod_variant):
    org = organization(prod_variant(*REOPENED))
    messages = _messages(org, "cloudtrail-only-emergency")
    assert (
        "permission-set Developer@dev (groups: catalog-team, checkout-team, payments-team, "
        "platform-engineers), through create and assume "
        "role/OrganizationAccountAccessRole (AdministratorAccess, boundary "
        "EngineerPermissionBoundary), can cloudtrail:StopLogging on "
        "arn:aws:cloudtrail:us-east-1:100000000011:trail/example-corp-org-trail: allowed by "
        "identity policy 'AdministratorAccess' statement #0"
    ) in messages


def test_a_guardrail_that_locks_the_deployers_out_is_reported():
    """A deny-all SCP on the Security OU without exemptions: the lockout checks fail there."""
    org = organization()
    lockout = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}],
    }
    org.plan.policies["lockout"] = ComposedPolicy(
        "lockout", json.dumps(lockout), ("DenyAll",), (), "test"
    )
    org.plan.attachments[Target("ou", "Security")] = (
        *org.plan.attachments[Target("ou", "Security")],
        "lockout",
    )
    messages = _messages(org, "deployers-keep-cloudtrail")
    assert (
        "deployer org-iam-deployer@log-archive cannot cloudtrail:StopLogging: explicitly denied by "
        "SCP 'lockout' statement 'DenyAll' at level 'ou:Security'"
    ) in messages
    assert not any("@dev" in m for m in messages)


def test_assertion_keys_are_unique_and_texts_are_sentences():
    keys = [a.key for a in DEFAULT_ASSERTIONS]
    assert len(keys) == len(set(keys))
    assert all(a.text.endswith(".") for a in DEFAULT_ASSERTIONS)


def _with_assertion(prod_variant, only: str):
    entry = (
        "  infrastructure-databases:\n"
        "    description: Only the emergency roles delete or share databases in Infrastructure.\n"
        "    capabilities: [delete-or-share-databases]\n"
        "    ous: [Infrastructure]\n"
        f"    only: {only}\n"
    )
    return prod_variant(("\naccess_assertions:\n", "\naccess_assertions:\n" + entry))


def test_blueprint_assertion_reports_holders_outside_its_list(prod_variant):
    org = organization(_with_assertion(prod_variant, "[break-glass, deployers]"))
    messages = _messages(org, "infrastructure-databases")
    assert (
        "permission-set Admin@network (groups: platform-admins) can rds:DeleteDBInstance on "
        "arn:aws:rds:us-east-1:100000000004:db:app: allowed by identity policy "
        "'AdministratorAccess' statement #0"
    ) in messages
    assert {m.split(" (groups")[0] for m in messages} == {
        "permission-set Admin@cicd",
        "permission-set Admin@network",
        "permission-set Admin@shared-services",
    }


def test_blueprint_assertion_holds_when_the_holder_is_listed(prod_variant):
    org = organization(_with_assertion(prod_variant, "[break-glass, deployers, Admin]"))
    assert _messages(org, "infrastructure-databases") == []


def test_access_command_refuses_the_reopened_path_at_the_baseline_line(prod_variant, capsys):
    """Validation now refuses the blueprint that reopens the path before any analysis: the
    baseline exempts role names that no SCP protects. The analysis itself still reports the
    path with its group, account, action and steps (test above)."""
    from orgctl.cli import main

    path = prod_variant(*REOPENED)
    code = main(["access", "--stack", "prod", "--blueprint", str(path), "--today", "2026-11-28"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert (
        f"{path}:157:9: service_control_policies.baseline.statements[2]: statement "
        "'ProtectCloudTrail' exempts arn:aws:iam::*:role/OrganizationAccountAccessRole, "
        "arn:aws:iam::*:role/org-iam-deployer by name, but no SCP of the organization denies "
        "iam:CreateRole on that name"
    ) in captured.err


def test_an_assertion_that_asks_nobody_is_not_evaluated_never_holds(prod_org, prod_rows):
    """An assertion restricted to an account no principal is in proves nothing: it is reported
    as not evaluated, not as holding."""
    from dataclasses import replace

    from orgctl.access.assertions import assertion_results, scopes

    cloudtrail = next(a for a in DEFAULT_ASSERTIONS if a.key == "cloudtrail-only-emergency")
    nowhere = replace(cloudtrail, key="nowhere", accounts=frozenset({"no-such-account"}))
    evaluated = scopes(prod_org, prod_rows, (cloudtrail, nowhere))
    asked, unasked = assertion_results((cloudtrail, nowhere), [], evaluated)
    assert asked["holds"] and asked["verdict"].startswith("holds for all ")
    assert asked["evaluated"]["accounts"] == len(prod_org.blueprint.accounts)
    assert not unasked["holds"]
    assert unasked["verdict"] == "not evaluated: no principal was asked"
    assert unasked["evaluated"] == {"pairs": 0, "principals": 0, "accounts": 0}
