"""Action, resource and variable matching: what each statement element matches and what not."""

from __future__ import annotations

import pytest

from iam_evaluator import PolicySet, Request, evaluate
from tests.iam_evaluator.helpers import ACCOUNT, ROLE, allow, document, statement


def allowed(policy: dict, action: str, resource: str = "*", context=None, principal=ROLE) -> bool:
    request = Request(principal, action, resource, context or {})
    return evaluate(request, PolicySet(identity={"p": policy})).allowed


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("iam:CreateRole", "iam:createrole", True),  # actions are case-insensitive
        ("IAM:create*", "iam:CreateRole", True),
        ("iam:Create*", "iam:DeleteRole", False),
        ("iam:?etRole", "iam:GetRole", True),
        ("iam:?etRole", "iam:GetsRole", False),
        ("s3:*", "s3express:CreateSession", False),  # the colon is not a wildcard
        ("*", "anything:AtAll", True),
    ],
)
def test_action_wildcards_and_case(pattern, action, expected):
    assert allowed(allow(pattern), action) is expected


def test_not_action_matches_every_other_action():
    policy = document(
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
    )
    assert allowed(policy, "s3:GetObject")
    assert not allowed(policy, "iam:CreateUser")
    assert not allowed(policy, "Organizations:LeaveOrganization")


def test_resources_are_case_sensitive():
    policy = allow("s3:GetObject", "arn:aws:s3:::Reports/*")
    assert allowed(policy, "s3:GetObject", "arn:aws:s3:::Reports/q1.csv")
    assert not allowed(policy, "s3:GetObject", "arn:aws:s3:::reports/q1.csv")


def test_arn_wildcards_stay_within_their_component():
    policy = allow("iam:GetRole", "arn:aws:iam::*:role/app")
    assert allowed(policy, "iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/app")
    # '*' in the account component cannot swallow the colon into the resource component
    assert not allowed(policy, "iam:GetRole", f"arn:aws:iam::{ACCOUNT}:x:role/app")
    assert not allowed(policy, "iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/app2")


def test_last_arn_component_keeps_its_colons():
    policy = allow("logs:PutLogEvents", "arn:aws:logs:*:*:log-group:app:*")
    stream = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:app:log-stream:one"
    assert allowed(policy, "logs:PutLogEvents", stream)
    assert not allowed(policy, "logs:PutLogEvents", stream.replace("app", "other"))


def test_resource_star_request_matches_only_star_patterns():
    """Actions without resource-level permissions are requested on '*'."""
    assert allowed(allow("s3:ListAllMyBuckets", "*"), "s3:ListAllMyBuckets")
    assert not allowed(allow("s3:ListAllMyBuckets", "arn:aws:s3:::*"), "s3:ListAllMyBuckets")


def test_not_resource_matches_every_other_resource():
    policy = document(
        {"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::*:role/admin*"}
    )
    assert allowed(policy, "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/delegated/x")
    assert not allowed(policy, "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/admin-1")


def test_statement_without_resource_means_every_resource():
    policy = document({"Effect": "Allow", "Action": "s3:GetObject"})
    assert allowed(policy, "s3:GetObject", "arn:aws:s3:::any/key")


def test_policy_variable_in_resource_is_filled_from_the_context():
    policy = allow("iam:ChangePassword", f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}")
    me = f"arn:aws:iam::{ACCOUNT}:user/asha"
    assert allowed(policy, "iam:ChangePassword", me, {"aws:username": "asha"})
    assert not allowed(policy, "iam:ChangePassword", me, {"aws:username": "bruno"})
    # no value and no default: the pattern matches nothing
    assert not allowed(policy, "iam:ChangePassword", me, {})


def test_principal_account_variable_is_derived_from_the_principal():
    policy = allow("iam:GetRole", "arn:aws:iam::${aws:PrincipalAccount}:role/*")
    assert allowed(policy, "iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/x")
    assert not allowed(policy, "iam:GetRole", "arn:aws:iam::999999999999:role/x")


def test_variable_default_and_literal_wildcards():
    with_default = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username, 'guest'}/*")
    assert allowed(with_default, "s3:GetObject", "arn:aws:s3:::home/guest/a")
    assert not allowed(with_default, "s3:GetObject", "arn:aws:s3:::home/other/a")
    literal_star = allow("s3:GetObject", "arn:aws:s3:::odd/${*}")
    assert allowed(literal_star, "s3:GetObject", "arn:aws:s3:::odd/*")
    assert not allowed(literal_star, "s3:GetObject", "arn:aws:s3:::odd/anything")


def test_substituted_value_is_literal_not_a_wildcard():
    policy = allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*")
    context = {"aws:username": "*"}
    assert not allowed(policy, "s3:GetObject", "arn:aws:s3:::home/asha/a", context)
    assert allowed(policy, "s3:GetObject", "arn:aws:s3:::home/*/a", context)


def test_many_resources_and_actions_are_ored():
    policy = document(
        statement(
            "Allow", ["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]
        )
    )
    assert allowed(policy, "s3:PutObject", "arn:aws:s3:::b/x")
    assert not allowed(policy, "s3:DeleteObject", "arn:aws:s3:::b/x")
    assert not allowed(policy, "s3:PutObject", "arn:aws:s3:::c/x")
