"""The SCP rules validation applies (guardrails.baseline, guardrails.scp_conditions) are the
policy pack's: the same rule names, and the same verdict on every library statement and on
hand-written variants, so a blueprint that validates cannot have its plan refused by
scp-baseline-everywhere, scp-exemptions-protected, scp-mfa-spares-sso,
scp-region-deny-spares-global-services or scp-conditions-can-match."""

from __future__ import annotations

import json

import pytest

from blueprint import load_blueprint
from guardrails.baseline import (
    BASELINE,
    exempt_role_patterns,
    missing_baseline,
    protects_name,
    unprotected_exemptions,
)
from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY
from guardrails.scp_conditions import (
    mfa_deny_catches_sso,
    region_deny_stops_global_services,
    unreported_principal_types,
)
from orgctl.policy_runner import ALL_POLICIES
from orgiam_policies import organizations
from tests.conftest import PROD, TODAY

DEPLOYER = "arn:aws:iam::*:role/org-iam-deployer"
HAND_WRITTEN = [
    {"Sid": "NotActionLeave", "Effect": "Deny", "NotAction": ["s3:*"], "Resource": "*"},
    {"Sid": "UpperCase", "Effect": "Deny", "Action": ["CLOUDTRAIL:*"], "Resource": "*"},
    {
        "Sid": "ConditionedTrail",
        "Effect": "Deny",
        "Action": "cloudtrail:StopLogging",
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalTag/team": "x"}},
    },
    {"Sid": "Allow", "Effect": "Allow", "Action": "*", "Resource": "*"},
    {
        "Sid": "RootByArnNotLike",
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}},
    },
    {
        "Sid": "ExemptsByStringNotLike",
        "Effect": "Deny",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"StringNotLikeIfExists": {"AWS:PrincipalArn": ["arn:aws:iam::*:role/ci"]}},
    },
    {
        "Sid": "RootByType",
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {"StringEqualsIgnoreCase": {"aws:PrincipalType": ["root", "account"]}},
    },
    {
        "Sid": "UsersByLike",
        "Effect": "Deny",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"StringLike": {"aws:PrincipalType": ["Us*", "R*t"]}},
    },
    {
        "Sid": "MfaEveryone",
        "Effect": "Deny",
        "Action": "ec2:TerminateInstances",
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    },
    {
        "Sid": "RegionStar",
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}},
    },
    {
        "Sid": "RegionNotActionTooShort",
        "Effect": "Deny",
        "NotAction": ["IAM:*"],
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}},
    },
    {
        "Sid": "ProtectsCi",
        "Effect": "Deny",
        "Action": "iam:*",
        "Resource": ["arn:aws:iam::*:role/c*"],
    },
]


def _corpus() -> list[dict]:
    ctx = GuardrailContext.from_blueprint(load_blueprint(str(PROD), today=TODAY))
    return [entry.render(ctx) for entry in LIBRARY.values()] + HAND_WRITTEN


def test_the_rule_names_are_the_packs():
    (policy,) = [p for p in ALL_POLICIES if p.name == "scp-baseline-everywhere"]
    assert [rule for rule, *_ in BASELINE] == list(policy.rules)
    assert [sid for *_, sid, _ in BASELINE] == [
        "DenyRootUser",
        "DenyLeaveOrganization",
        "ProtectCloudTrail",
    ]


@pytest.mark.parametrize("statement", _corpus(), ids=lambda s: s["Sid"])
def test_each_statement_gets_the_packs_verdict(statement):
    pack_tests = list(organizations.BASELINE.values())
    assert [test(statement) for *_, test in BASELINE] == [t(statement) for t in pack_tests]
    assert exempt_role_patterns(statement) == organizations._exempt_role_patterns(statement)
    for pattern in {DEPLOYER, "arn:aws:iam::*:role/ci", *exempt_role_patterns(statement)}:
        assert protects_name(statement, pattern) == organizations._protects(statement, pattern)


def test_the_library_baseline_is_complete_and_each_part_is_needed():
    ctx = GuardrailContext.from_blueprint(load_blueprint(str(PROD), today=TODAY))
    baseline = [LIBRARY[sid].render(ctx) for *_, sid, _ in BASELINE]
    assert missing_baseline(baseline) == []
    for index, (rule, _, sid, _) in enumerate(BASELINE):
        rest = baseline[:index] + baseline[index + 1 :]
        assert [r for r, *_ in missing_baseline(rest)] == [rule], sid


def test_an_exemption_needs_its_name_protected():
    ctx = GuardrailContext.from_blueprint(load_blueprint(str(PROD), today=TODAY))
    trail = LIBRARY["ProtectCloudTrail"].render(ctx)
    assert unprotected_exemptions(trail, [trail]) == sorted(exempt_role_patterns(trail))
    protected = [trail, LIBRARY["ProtectAccessRoles"].render(ctx)]
    assert unprotected_exemptions(trail, protected) == []
    # A quarantine's deny-all binds only where it is attached: it protects no name.
    assert unprotected_exemptions(trail, [trail, LIBRARY["DenyAll"].render(ctx)]) != []


@pytest.mark.parametrize("statement", _corpus(), ids=lambda s: s["Sid"])
def test_each_statement_gets_the_packs_verdict_on_its_conditions(statement):
    def refused(validate) -> bool:
        found = []
        validate(
            type("Args", (), {"props": {"content": _document(statement)}, "name": "p"})(),
            found.append,
        )
        return bool(found)

    assert mfa_deny_catches_sso(statement) == refused(organizations._validate_mfa_spares_sso)
    assert region_deny_stops_global_services(statement) == refused(
        organizations._validate_region_deny
    )
    assert bool(unreported_principal_types(statement)) == refused(
        organizations._validate_conditions_can_match
    )


def _document(statement: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
