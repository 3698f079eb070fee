"""The offline runner: unknowns, configuration, and `orgctl check` on real plans."""

from __future__ import annotations

import copy
import json

import pytest
from pulumi_policy import ResourceValidationPolicy
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from blueprint import OrgTree, load_blueprint
from blueprint.pack_config import pack_config
from orgctl.cli import main
from orgctl.export import to_export
from orgctl.policy_runner import ALL_POLICIES, blocking, run_policies
from tests.conftest import PROD, STAGING, TODAY
from tests.policy_pack.cases import CASES, CONFIG
from tests.policy_pack.helpers import R, export, findings
from tests.program_harness import run

BY_NAME = {p.name: p for p in ALL_POLICIES}


def test_unknown_values_are_reported_never_passed():
    unknown_trail = R(
        "aws:cloudtrail/trail:Trail", "t", {"isMultiRegionTrail": UNKNOWN_STRING_VALUE}
    )
    (finding,) = findings(BY_NAME["cloudtrail-org-trail-hardened"], [unknown_trail])
    assert finding.kind == "unknown"
    assert "Cannot decide" in finding.message


def test_enforcement_levels_come_from_config():
    _, noncompliant, _ = CASES["kms-key-rotation"]
    mandatory = run_policies(export(noncompliant), {}, policies=[BY_NAME["kms-key-rotation"]])
    assert blocking(mandatory)
    advisory = run_policies(
        export(noncompliant), {"all": "advisory"}, policies=[BY_NAME["kms-key-rotation"]]
    )
    assert advisory and not blocking(advisory)
    disabled = run_policies(
        export(noncompliant),
        {"kms-key-rotation": {"enforcementLevel": "disabled"}},
        policies=[BY_NAME["kms-key-rotation"]],
    )
    assert disabled == []


def test_parameters_come_from_config():
    strict = {"log-group-retention": {"minimumRetentionDays": 400}}
    compliant, _, _ = CASES["log-group-retention"]
    assert run_policies(export(compliant), strict, policies=[BY_NAME["log-group-retention"]])


@pytest.fixture(scope="module", params=[PROD, STAGING], ids=lambda p: p.stem)
def program_plan(request, tmp_path_factory):
    """The plan and the pack configuration its blueprint implies (as `orgctl plan` writes)."""
    # The session's run of the prod program; staging runs here only.
    recorded = (
        request.getfixturevalue("prod_program")
        if request.param == PROD
        else run(str(request.param))
    )
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "plan.json"
    path.write_text(json.dumps(to_export(recorded.registrations, "test")))
    blueprint = load_blueprint(str(request.param), today=TODAY)
    config = folder / "policy-config.json"
    config.write_text(json.dumps(pack_config(blueprint, OrgTree(blueprint))))
    return path, config


def test_the_programs_own_plan_passes_every_mandatory_policy(program_plan, capsys):
    plan, config = program_plan
    assert main(["check", "--config", str(config), str(plan)]) == 0
    assert "0 mandatory violation(s)" in capsys.readouterr().err


def test_check_exits_1_on_a_mandatory_violation_and_reports_json(tmp_path, capsys):
    _, noncompliant, _ = CASES["iam-break-glass-trust"]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(export(noncompliant)))
    assert main(["check", "--format", "json", str(plan)]) == 1
    found = json.loads(capsys.readouterr().out)
    assert {f["policy"] for f in found} >= {"iam-break-glass-trust"}
    assert all(
        {"policy", "urn", "message", "enforcement", "kind", "severity"} <= set(f) for f in found
    )


def test_check_exits_2_on_unreadable_input(tmp_path, capsys):
    assert main(["check", str(tmp_path / "absent.json")]) == 2
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert main(["check", str(garbage)]) == 2
    assert main(["check", str(PROD)]) == 2  # a blueprint is not a plan


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"all": "strict"}, "'strict' is not an enforcement level"),
        ({"kms-key-rotaton": "advisory"}, "'kms-key-rotaton' is not a policy of this pack"),
        (
            {"kms-key-rotation": {"enforcementLevel": "sometimes"}},
            "'sometimes' is not an enforcement level",
        ),
        (["all"], "must be a JSON object"),
        (
            {"log-group-retention": {"minimumRetentionDay": 400}},
            "log-group-retention: 'minimumRetentionDay' is not a parameter of this policy "
            "(its parameters: minimumRetentionDays, requireKms)",
        ),
        (
            {"kms-key-rotation": {"enforcementLevel": "advisory", "rotationDays": 90}},
            "kms-key-rotation: 'rotationDays' is not a parameter of this policy (its parameters: none)",
        ),
        (
            {"all": {"enforcementLevel": "advisory", "minimumLength": 8}},
            "all: 'minimumLength' is not allowed (only enforcementLevel)",
        ),
        (
            {"log-group-retention": {"minimumRetentionDays": "a year"}},
            "log-group-retention.minimumRetentionDays: 'a year' is not of type integer",
        ),
        (
            {"log-group-retention": {"minimumRetentionDays": 30}},
            "log-group-retention.minimumRetentionDays: 30 is less than the minimum 90",
        ),
    ],
)
def test_a_bad_policy_config_exits_2_with_a_clear_message(config, message, tmp_path, capsys):
    _, noncompliant, _ = CASES["kms-key-rotation"]
    plan, settings = tmp_path / "plan.json", tmp_path / "config.json"
    plan.write_text(json.dumps(export(noncompliant)))
    settings.write_text(json.dumps(config))
    for option in ("--config", "--policy-config"):
        assert main(["check", option, str(settings), str(plan)]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err


def test_every_policy_config_schema_admits_no_other_keys():
    for policy in ALL_POLICIES:
        if policy.config_schema is not None:
            assert policy.config_schema.as_json_schema()["additionalProperties"] is False


def test_a_known_parameter_within_bounds_is_accepted(tmp_path, capsys):
    _, noncompliant, _ = CASES["kms-key-rotation"]
    plan, settings = tmp_path / "plan.json", tmp_path / "config.json"
    plan.write_text(json.dumps(export(noncompliant)))
    settings.write_text(json.dumps({"log-group-retention": {"minimumRetentionDays": 400}}))
    assert main(["check", "--policy-config", str(settings), str(plan)]) == 1


def _as_the_engine_calls_it(policy):
    """The same policy without its declared resource types: the runner then calls it for
    every resource of the stack, as the Pulumi engine does."""
    engine_policy = copy.copy(policy)
    engine_policy.resource_types = None
    return engine_policy


def test_skipping_undeclared_resource_types_changes_no_finding():
    every_case = [
        r for compliant, noncompliant, _ in CASES.values() for r in compliant + noncompliant
    ]
    stack = export(list({r.urn(): r for r in every_case}.values()))
    engine_policies = [_as_the_engine_calls_it(policy) for policy in ALL_POLICIES]

    indexed = run_policies(stack, CONFIG)

    assert indexed == run_policies(stack, CONFIG, policies=engine_policies)
    assert len({f.policy for f in indexed}) >= 20


def test_every_resource_policy_declares_the_types_it_judges():
    for policy in ALL_POLICIES:
        if isinstance(policy, ResourceValidationPolicy):
            assert policy.resource_types, policy.name
