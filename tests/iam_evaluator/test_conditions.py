"""Condition operators, one behaviour per test, with AWS's absent-key rules."""

from __future__ import annotations

import pytest

from iam_evaluator import PolicyError, PolicySet, Request, evaluate
from tests.iam_evaluator.helpers import ROLE, allow


def holds(condition: dict, context: dict) -> bool:
    """Whether an Allow with this condition applies to a request with this context."""
    policy = allow("s3:GetObject", Condition=condition)
    return evaluate(
        Request(ROLE, "s3:GetObject", "*", context), PolicySet(identity={"p": policy})
    ).allowed


@pytest.mark.parametrize(
    ("operator", "policy_value", "request_value", "expected"),
    [
        ("StringEquals", "prod", "prod", True),
        ("StringEquals", "prod", "Prod", False),
        ("StringNotEquals", "prod", "dev", True),
        ("StringNotEquals", "prod", "prod", False),
        ("StringEqualsIgnoreCase", "prod", "PROD", True),
        ("StringNotEqualsIgnoreCase", "prod", "PROD", False),
        ("StringLike", "team-*", "team-a", True),
        ("StringLike", "team-?", "team-ab", False),
        ("StringNotLike", "team-*", "ops", True),
        ("StringEquals", "team-*", "team-a", False),  # no wildcards in StringEquals
        ("NumericLessThan", "3600", "3599", True),
        ("NumericLessThan", "3600", "3600", False),
        ("NumericLessThanEquals", "3600", "3600", True),
        ("NumericGreaterThan", "10", "11", True),
        ("NumericGreaterThanEquals", "10", "9", False),
        ("NumericEquals", "10", "10.0", True),
        ("NumericNotEquals", "10", "10", False),
        ("NumericEquals", "10", "ten", False),  # not a number: no match
        ("DateLessThan", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", True),
        ("DateGreaterThan", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", False),
        ("DateEquals", "2026-01-01T00:00:00Z", "1767225600", True),  # epoch seconds
        ("DateNotEquals", "2026-01-01", "2026-01-02", True),
        ("DateLessThanEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", True),
        ("DateGreaterThanEquals", "2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z", False),
        ("Bool", "true", "TRUE", True),
        ("Bool", "false", "true", False),
        ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
        ("IpAddress", "203.0.113.0/24", "198.51.100.7", False),
        ("IpAddress", "2001:db8::/32", "2001:db8::1", True),
        ("NotIpAddress", "203.0.113.0/24", "198.51.100.7", True),
        ("ArnLike", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/app-1", True),
        ("ArnEquals", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/app-1", True),
        ("ArnLike", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/db", False),
        ("ArnLike", "arn:aws:iam::*:role/*", "not-an-arn", False),
        ("ArnNotLike", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/db", True),
        ("ArnNotEquals", "arn:aws:iam::*:root", "arn:aws:iam::111122223333:root", False),
        ("BinaryEquals", "QmluYXJ5", "QmluYXJ5", True),
    ],
)
def test_operator_on_a_present_key(operator, policy_value, request_value, expected):
    assert holds({operator: {"k:key": policy_value}}, {"k:key": request_value}) is expected


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("StringEquals", False),  # positive operators fail on an absent key
        ("StringLike", False),
        ("ArnLike", False),
        ("Bool", False),
        ("NumericLessThan", False),
        ("IpAddress", False),
        ("StringNotEquals", True),  # negated operators hold on an absent key
        ("StringNotLike", True),
        ("ArnNotLike", True),
        ("NotIpAddress", True),
        ("StringEqualsIfExists", True),  # IfExists holds on an absent key
        ("BoolIfExists", True),
        ("ForAllValues:StringEquals", True),  # vacuously true
        ("ForAnyValue:StringEquals", False),
        ("ForAnyValue:StringNotEquals", False),
    ],
)
def test_operator_on_an_absent_key(operator, expected):
    value = "10.0.0.0/8" if "IpAddress" in operator else "1" if "Numeric" in operator else "v"
    assert holds({operator: {"k:key": value}}, {"other": "x"}) is expected


def test_if_exists_still_tests_a_present_key():
    assert holds(
        {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        {"aws:MultiFactorAuthPresent": "false"},
    )
    assert not holds(
        {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        {"aws:MultiFactorAuthPresent": "true"},
    )


def test_null_tests_presence():
    assert holds({"Null": {"aws:AssumedRoot": "true"}}, {})
    assert not holds({"Null": {"aws:AssumedRoot": "true"}}, {"aws:AssumedRoot": "true"})
    assert holds({"Null": {"aws:AssumedRoot": "false"}}, {"aws:AssumedRoot": "true"})
    assert not holds({"Null": {"aws:AssumedRoot": "false"}}, {})


def test_values_of_one_key_are_ored():
    condition = {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}
    assert holds(condition, {"aws:RequestedRegion": "us-west-2"})
    assert not holds(condition, {"aws:RequestedRegion": "eu-west-1"})


def test_negated_operator_with_many_values_needs_none_to_match():
    condition = {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}
    assert holds(condition, {"aws:RequestedRegion": "eu-west-1"})
    assert not holds(condition, {"aws:RequestedRegion": "us-west-2"})


def test_keys_and_operators_are_anded():
    condition = {
        "StringEquals": {"aws:PrincipalType": "User", "aws:RequestedRegion": "us-east-1"},
        "Bool": {"aws:SecureTransport": "true"},
    }
    full = {
        "aws:PrincipalType": "User",
        "aws:RequestedRegion": "us-east-1",
        "aws:SecureTransport": True,
    }
    assert holds(condition, full)
    assert not holds(condition, {**full, "aws:RequestedRegion": "eu-west-1"})
    assert not holds(condition, {**full, "aws:SecureTransport": False})


def test_context_keys_are_case_insensitive():
    assert holds(
        {"StringEquals": {"AWS:RequestedRegion": "us-east-1"}}, {"aws:requestedregion": "us-east-1"}
    )


def test_for_all_values_needs_every_request_value_in_the_set():
    condition = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}
    assert holds(condition, {"aws:TagKeys": ["team", "env"]})
    assert holds(condition, {"aws:TagKeys": ["team"]})
    assert not holds(condition, {"aws:TagKeys": ["team", "owner"]})
    assert holds(condition, {"aws:TagKeys": []})  # empty set: vacuously true


def test_for_any_value_needs_one_request_value_in_the_set():
    condition = {"ForAnyValue:StringLike": {"aws:TagKeys": ["team*"]}}
    assert holds(condition, {"aws:TagKeys": ["owner", "team-a"]})
    assert not holds(condition, {"aws:TagKeys": ["owner"]})
    assert not holds(condition, {"aws:TagKeys": []})


def test_negated_set_operators_apply_per_request_value():
    all_not = {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}
    assert holds(all_not, {"aws:TagKeys": ["team", "env"]})
    assert not holds(all_not, {"aws:TagKeys": ["team", "secret"]})
    any_not = {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["secret"]}}
    assert holds(any_not, {"aws:TagKeys": ["team", "secret"]})
    assert not holds(any_not, {"aws:TagKeys": ["secret"]})


def test_single_valued_operator_on_a_multivalued_key_matches_any_value():
    assert holds({"StringEquals": {"aws:TagKeys": "team"}}, {"aws:TagKeys": ["env", "team"]})
    assert not holds({"StringNotEquals": {"aws:TagKeys": "team"}}, {"aws:TagKeys": ["env", "team"]})


def test_variables_in_condition_values():
    condition = {"StringEquals": {"s3:prefix": "home/${aws:username}/"}}
    assert holds(condition, {"s3:prefix": "home/asha/", "aws:username": "asha"})
    assert not holds(condition, {"s3:prefix": "home/bruno/", "aws:username": "asha"})
    assert not holds(condition, {"s3:prefix": "home/asha/"})  # variable unresolved
    arn = {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}}
    assert holds(arn, {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"})
    assert not holds(arn, {"aws:SourceArn": "arn:aws:sns:us-east-1:999999999999:topic"})


def test_numeric_values_are_not_variables():
    with pytest.raises(PolicyError, match="not a number"):
        holds({"NumericLessThan": {"k": "${aws:n}"}}, {"k": "1", "aws:n": "2"})


def test_json_booleans_and_numbers_in_policies_are_strings():
    assert holds({"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": "true"})
    assert holds(
        {"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600}}, {"aws:MultiFactorAuthAge": 60}
    )


@pytest.mark.parametrize(
    "operator",
    ["StringEqualz", "ForSomeValues:StringEquals", "NullIfExists", "IfExists", "stringequals"],
)
def test_unknown_operator_raises_a_clear_error(operator):
    with pytest.raises(
        PolicyError, match="policy 'p' statement #0.Condition: .*" + operator.split(":")[0]
    ):
        holds({operator: {"k": "v"}}, {"k": "v"})
