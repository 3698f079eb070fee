"""The pack through its own analyzer server, as `pulumi preview` and `pulumi up` run it."""

from __future__ import annotations

import copy
import json

import pytest

from orgctl.cli import main
from orgctl.engine_harness import (
    BLOCKED,
    COULD_NOT_RUN,
    DECIDED,
    FIRST_PREVIEW,
    PHASES,
    UPDATE,
    engine_session,
    run_engine,
)
from orgctl.policy_runner import ALL_POLICIES, run_policies
from orgctl.preview_unknowns import UNKNOWN, first_preview
from tests.policy_pack.cases import CASES, CONFIG, rule_cases
from tests.policy_pack.helpers import R, doc, export


@pytest.fixture(scope="module")
def prod_report(prod_plan):
    return run_engine(prod_plan)


def test_every_policy_is_reported_in_both_phases(prod_report):
    names = sorted(p.name for p in ALL_POLICIES)
    for phase in PHASES:
        assert sorted(o.policy for o in prod_report.in_phase(phase)) == names


def test_the_update_phase_of_the_prod_plan_has_no_diagnostics(prod_report):
    assert [d for d in prod_report.diagnostics if d.phase == UPDATE] == []
    assert {o.status for o in prod_report.in_phase(UPDATE)} == {DECIDED}


def test_every_policy_decides_on_a_first_preview_of_the_prod_plan(prod_report):
    # The program builds its policy documents from names and ARNs known before deployment.
    waiting = [o for o in prod_report.in_phase(FIRST_PREVIEW) if o.status == COULD_NOT_RUN]
    assert waiting == [], [(o.policy, o.reason) for o in waiting]
    documented = {p.name for p in ALL_POLICIES if getattr(p, "waits_at_preview", None)}
    assert {"iam-no-admin-wildcard", "log-archive-object-lock"} <= documented
    assert {o.status for o in prod_report.in_phase(FIRST_PREVIEW)} <= {DECIDED, COULD_NOT_RUN}


def test_resource_policies_block_before_creation_and_stack_policies_after(prod_report):
    for outcome in prod_report.in_phase(UPDATE):
        expected = "after deployment" if outcome.policy_type == "stack" else "before creation"
        assert outcome.when == expected, outcome.policy


def _engine_view(report) -> set[tuple]:
    return {(d.policy, d.urn, d.enforcement, d.message) for d in report.diagnostics}


def _offline_view(findings) -> set[tuple]:
    return {(f.policy, f.urn, f.enforcement, f.message) for f in findings}


def test_check_and_the_analyzer_server_agree_on_every_fixture():
    """Every compliant and noncompliant stack of the policy tests, all values known: the
    server (update phase) reports exactly what `orgctl check` reports, message for message."""
    stacks = [
        (f"{name}/{which}", export(resources))
        for name, (compliant, noncompliant, _) in sorted(CASES.items())
        for which, resources in (("compliant", compliant), ("noncompliant", noncompliant))
    ] + [(f"{name}/{rule}", export(resources)) for name, rule, resources, _ in rule_cases()]
    with engine_session(UPDATE, CONFIG) as session:
        for label, stack in stacks:
            offline = run_policies(stack, CONFIG)
            assert all(f.kind == "violation" for f in offline), label
            assert _engine_view(session.run(stack)) == _offline_view(offline), label


# A role whose boundary ARN is built from a policy created in the same run: the policy must
# read the value itself, so it waits for it.
BOUNDARY_POLICY = R("aws:iam/policy:Policy", "boundary", {"name": "EngineerPermissionBoundary"})
BOUNDED_ROLE = R(
    "aws:iam/role:Role",
    "app-role",
    {
        "name": "app-role",
        "permissionsBoundary": "arn:aws:iam:us-east-1:000000000000:policy/mock-boundary0001",
        "assumeRolePolicy": doc(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:*"}
        ),
    },
    deps={"permissionsBoundary": ["boundary"]},
)


def _with_ids(stack: dict, ids: dict[str, str]) -> dict:
    for resource in stack["deployment"]["resources"]:
        resource["id"] = ids.get(resource["urn"].rsplit("::", 1)[-1], "")
    return stack


def test_a_value_the_policy_needs_is_waited_for_at_preview_and_judged_at_update():
    stack = _with_ids(export([BOUNDARY_POLICY, BOUNDED_ROLE]), {"boundary": "mock-boundary0001"})
    report = run_engine(stack)
    preview = report.outcome(FIRST_PREVIEW, "iam-role-requires-boundary")
    assert preview.status == COULD_NOT_RUN
    assert "permissionsBoundary" in preview.reason
    assert preview.waiting == ("app-role",)
    assert [d.enforcement for d in report.diagnostics if d.kind == "cannot run"] == ["advisory"]
    # Once known, the ARN names another boundary: blocked before the role is created.
    update = report.outcome(UPDATE, "iam-role-requires-boundary")
    assert (update.status, update.when) == (BLOCKED, "before creation")


def test_check_engine_reports_both_phases_as_json_and_exits_1_when_blocked(tmp_path, capsys):
    _, noncompliant, _ = CASES["kms-key-rotation"]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(export(noncompliant)))
    assert main(["check", "--engine", "--format", "json", str(plan)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert sorted(report) == sorted(PHASES)
    update = {p["policy"]: p for p in report[UPDATE]["policies"]}
    assert update["kms-key-rotation"]["status"] == BLOCKED
    assert any("must rotate" in d["message"] for d in report[UPDATE]["diagnostics"])


def test_check_engine_text_names_each_phase_and_exits_0_when_clean(tmp_path, capsys):
    compliant, _, _ = CASES["kms-key-rotation"]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(export(compliant)))
    assert main(["check", "--engine", str(plan)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{FIRST_PREVIEW} (")
    assert f"\n{UPDATE} (" in out


def test_check_engine_refuses_a_config_its_schema_rejects(tmp_path, capsys):
    compliant, _, _ = CASES["log-group-retention"]
    plan, settings = tmp_path / "plan.json", tmp_path / "config.json"
    plan.write_text(json.dumps(export(compliant)))
    settings.write_text(json.dumps({"log-group-retention": {"minimumRetentionDays": 30}}))
    assert main(["check", "--engine", "--config", str(settings), str(plan)]) == 2
    err = capsys.readouterr().err
    assert "log-group-retention.minimumRetentionDays" in err and "Traceback" not in err


# --- seeded violations, blocked through the real server on a first preview ------------------


def _seeded(plan: dict, seed) -> dict:
    seeded = copy.deepcopy(plan)
    by_name = {
        (r["type"].rsplit(":", 1)[-1], r["urn"].rsplit("::", 1)[-1]): r
        for r in seeded["deployment"]["resources"]
    }
    seed(by_name, seeded)
    return seeded


def _alarm_without_actions(by_name, _):
    alarm = by_name["MetricAlarm", "break-glass-sign-in"]
    alarm["inputs"]["alarmActions"] = []
    alarm["propertyDependencies"]["alarmActions"] = []


def _trail_without_kms(by_name, _):
    del by_name["Trail", "org-trail"]["inputs"]["kmsKeyId"]


def _unencrypted_alert_topic(by_name, _):
    del by_name["Topic", "security-critical"]["inputs"]["kmsMasterKeyId"]


def _admin_into_a_pci_account(by_name, plan):
    account = by_name["Account", "pci-tokenization"]
    grant = copy.deepcopy(by_name["AccountAssignment", "Admin:platform-admins@shared-services"])
    grant["urn"] = grant["urn"].replace("@shared-services", "@pci-tokenization")
    grant["inputs"]["targetId"] = account["id"]
    grant["propertyDependencies"]["targetId"] = [account["urn"]]
    grant["dependencies"] = sorted({*grant["dependencies"], account["urn"]})
    plan["deployment"]["resources"].append(grant)


SEEDS = {
    "alarm-has-actions": (_alarm_without_actions, "break-glass-sign-in"),
    "cloudtrail-org-trail-hardened": (_trail_without_kms, "org-trail"),
    "sns-topic-encrypted": (_unencrypted_alert_topic, "security-critical"),
    "sso-no-admin-in-pci-accounts": (
        _admin_into_a_pci_account,
        "Admin:platform-admins@pci-tokenization",
    ),
}


def _every_seed(by_name, plan):
    for seed, _ in SEEDS.values():
        seed(by_name, plan)


@pytest.fixture(scope="module")
def seeded_preview(prod_plan):
    """The prod plan with every seed at once (each touches its own resources), on a first
    preview through the pack's analyzer server."""

    with engine_session(FIRST_PREVIEW, project="org-iam", stack="prod") as session:
        return session.run(first_preview(_seeded(prod_plan, _every_seed)))


@pytest.mark.parametrize("policy", sorted(SEEDS))
def test_a_seeded_violation_is_blocked_on_a_first_preview(policy, seeded_preview):
    blocked = [d for d in seeded_preview.blocking() if d.policy == policy]
    assert [d.urn.rsplit("::", 1)[-1] for d in blocked] == [SEEDS[policy][1]]
    assert seeded_preview.outcome(FIRST_PREVIEW, policy).status == BLOCKED


def test_only_the_seeded_policies_block(seeded_preview):
    assert {d.policy for d in seeded_preview.blocking()} == set(SEEDS)


def test_the_trail_is_blocked_while_its_other_settings_are_still_unknown(prod_plan):
    preview = first_preview(_seeded(prod_plan, _trail_without_kms))
    trail = next(r for r in preview["deployment"]["resources"] if r["type"].endswith(":Trail"))
    assert UNKNOWN in (trail["inputs"]["cloudWatchLogsGroupArn"], trail["inputs"]["s3BucketName"])


def test_during_the_update_resource_policies_block_the_seeds_before_creation(prod_plan):
    with engine_session(UPDATE, project="org-iam", stack="prod") as session:
        report = session.run(_seeded(prod_plan, _every_seed))
    when = {policy: report.outcome(UPDATE, policy).when for policy in SEEDS}
    assert {report.outcome(UPDATE, policy).status for policy in SEEDS} == {BLOCKED}
    assert when == {
        "alarm-has-actions": "before creation",
        "cloudtrail-org-trail-hardened": "before creation",
        "sns-topic-encrypted": "before creation",
        # Judged on the whole stack: reported once the assignment already exists.
        "sso-no-admin-in-pci-accounts": "after deployment",
    }
