"""Which trusted principals are outside the organization."""

from __future__ import annotations

from orgctl.live.account_iam import IamRole
from orgctl.review.roles import outside_principals

ORG, MEMBERS = "o-abc123", {"111111111111", "222222222222"}


def role(*statements) -> IamRole:
    return IamRole("r", "arn:aws:iam::111111111111:role/r", "/", {"Statement": list(statements)})


def allow(principal, condition=None) -> dict:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return {**statement, "Condition": condition} if condition else statement


def test_member_accounts_and_services_are_inside():
    trusted = role(
        allow({"AWS": ["arn:aws:iam::222222222222:root", "111111111111"]}),
        allow({"Service": "ec2.amazonaws.com"}),
        allow({"AWS": "arn:aws:iam::222222222222:role/deployer"}),
    )
    assert outside_principals(trusted, ORG, MEMBERS) == []


def test_a_foreign_account_is_outside():
    trusted = role(allow({"AWS": ["arn:aws:iam::999999999999:root", "333333333333"]}))
    assert outside_principals(trusted, ORG, MEMBERS) == [
        "333333333333",
        "arn:aws:iam::999999999999:root",
    ]


def test_everyone_is_outside_unless_bound_to_the_organization():
    assert outside_principals(role(allow("*")), ORG, MEMBERS) == ["*"]
    bound = allow({"AWS": "*"}, {"StringEquals": {"aws:PrincipalOrgID": ORG}})
    assert outside_principals(role(bound), ORG, MEMBERS) == []
    other = allow({"AWS": "*"}, {"StringEquals": {"aws:PrincipalOrgID": "o-other"}})
    assert outside_principals(role(other), ORG, MEMBERS) == ["*"]


def test_a_deny_statement_trusts_no_one():
    denied = {"Effect": "Deny", "Principal": {"AWS": "999999999999"}, "Action": "sts:AssumeRole"}
    assert outside_principals(role(denied), ORG, MEMBERS) == []
