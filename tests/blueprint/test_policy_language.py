"""Policy text in a blueprint is judged against IAM's grammar and AWS's action list."""

from __future__ import annotations

import datetime
import json

import pytest

from blueprint import load_blueprint
from blueprint.policy_language import (
    check_action,
    check_condition_key,
    check_operator,
    data_version,
)
from blueprint.tree import OrgTree
from guardrails.compose import compose_guardrails
from tests.conftest import PROD


@pytest.mark.parametrize(
    "action",
    ["*", "iam:CreateRole", "IAM:createrole", "s3:Get*", "ec2:Describe?nstances", "iam:*", "s*:*"],
)
def test_real_actions_and_matching_wildcards_pass(action):
    assert check_action(action) is None


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("iam CreateRole", "'iam CreateRole' is not an action: write 'service:Action', e.g. 'iam:CreateRole'"),
        ("iamCreateRole", "'iamCreateRole' is not an action: it needs 'service:Action', e.g. 'iam:CreateRole'"),
        ("iam:Create_Role", "'iam:Create_Role' is not an action: it contains '_'; action names are letters and digits, with '*' or '?' as wildcards"),
        ("iam:a:b", "'iam:a:b' is not an action: it has more than one ':'"),
        ("iamm:CreateRole", "unknown service 'iamm' in action 'iamm:CreateRole' (did you mean 'iam'?)"),
        ("iam:CreateRol", "unknown action 'iam:CreateRol': iam has no action 'CreateRol' (did you mean 'iam:CreateRole'?)"),
        ("iam:Crete*", "'iam:Crete*' matches no iam action (AWS's action list)"),
        ("zz*:*", "'zz*:*' matches no AWS service prefix"),
    ],
)  # fmt: skip
def test_malformed_or_unknown_actions_are_errors_in_words(action, message):
    finding = check_action(action)
    assert finding is not None
    assert (finding.message, finding.severity) == (message, "error")


@pytest.mark.parametrize(
    "operator",
    ["StringEquals", "StringLikeIfExists", "ForAnyValue:StringLike", "ForAllValues:ArnLike", "Null", "BoolIfExists"],
)  # fmt: skip
def test_condition_operators_aws_knows_pass(operator):
    assert check_operator(operator) is None


@pytest.mark.parametrize(
    ("operator", "message"),
    [
        ("StringEqual", "unknown condition operator 'StringEqual' (did you mean 'StringEquals'?)"),
        ("ArnLik", "unknown condition operator 'ArnLik' (did you mean 'ArnLike'?)"),
        ("ForAnyValues:StringLike", "unknown set qualifier 'ForAnyValues' in condition operator 'ForAnyValues:StringLike' (did you mean 'ForAnyValue'?); only ForAllValues: and ForAnyValue: exist"),
        ("NullIfExists", "'NullIfExists' does not exist: 'Null' already tests whether a key exists"),
    ],
)  # fmt: skip
def test_misspelt_condition_operators_are_errors(operator, message):
    finding = check_operator(operator)
    assert finding is not None
    assert (finding.message, finding.severity) == (message, "error")


@pytest.mark.parametrize(
    "key", ["aws:PrincipalArn", "AWS:principalarn", "aws:PrincipalTag/team", "s3:prefix", "iam:PassedToService"]
)  # fmt: skip
def test_known_condition_keys_pass_in_any_case(key):
    assert check_condition_key(key) is None


def test_unknown_condition_key_is_a_warning_with_a_suggestion():
    finding = check_condition_key("aws:PrincipleArn")
    assert finding is not None
    assert finding.severity == "warning"
    assert (
        finding.message
        == "unknown condition key 'aws:PrincipleArn' (did you mean 'aws:PrincipalArn'?)"
    )


def test_condition_key_of_an_unknown_service_is_a_warning():
    finding = check_condition_key("iamm:PassedToService")
    assert finding is not None
    assert "names unknown service 'iamm' (did you mean 'iam'?)" in finding.message


def test_the_action_list_is_the_pinned_october_2026_data():
    assert data_version().startswith("0.1.202610")


def test_every_generated_guardrail_passes_the_same_grammar():
    # Our own SCP library is held to the rules we impose on blueprint authors.
    blueprint = load_blueprint(str(PROD))
    plan = compose_guardrails(blueprint, OrgTree(blueprint), datetime.date(2026, 11, 28))
    problems = []
    for policy in plan.policies.values():
        for statement in json.loads(policy.content)["Statement"]:
            actions = statement.get("Action", statement.get("NotAction"))
            for action in [actions] if isinstance(actions, str) else actions:
                if (finding := check_action(action)) is not None:
                    problems.append(finding.message)
            for operator, keys in statement.get("Condition", {}).items():
                if (finding := check_operator(operator)) is not None:
                    problems.append(finding.message)
                problems += [f.message for key in keys if (f := check_condition_key(key))]
    assert plan.policies
    assert problems == []
