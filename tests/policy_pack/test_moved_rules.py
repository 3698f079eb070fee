"""Rules that moved from stack policies to resource policies, so that `pulumi up` blocks them
before the resource exists: each rule still has its own failing case."""

from __future__ import annotations

from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from orgctl.policy_runner import ALL_POLICIES
from tests.policy_pack.cases import (
    ALLOW_ALL,
    READ,
    admin_set,
    admin_set_policy,
    readonly_set,
    tagged_admin_set,
)
from tests.policy_pack.helpers import R, doc, findings

BY_NAME = {p.name: p for p in ALL_POLICIES}


def test_one_resource_checks_are_resource_policies():
    for name in ("iam-no-admin-wildcard", "sso-session-duration-cap"):
        assert isinstance(BY_NAME[name], ResourceValidationPolicy), name
    for name in ("iam-admin-policy-exempt-roles-only", "sso-admin-session-duration-cap"):
        assert isinstance(BY_NAME[name], StackValidationPolicy), name


def test_an_allow_all_permission_set_inline_policy_is_blocked():
    inline = R(
        "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        "Admin:inline",
        {"inlinePolicy": doc(ALLOW_ALL)},
    )
    (finding,) = findings(BY_NAME["iam-no-admin-wildcard"], [inline])
    assert "must not allow every action" in finding.message
    assert findings(BY_NAME["iam-no-admin-wildcard"], [inline.but(inlinePolicy=doc(READ))]) == []


def test_an_allow_all_boundary_is_left_to_the_boundary_policy():
    boundary = R(
        "aws:iam/policy:Policy",
        "b",
        {"policy": doc(ALLOW_ALL), "tags": {"org-iam:boundary": "true"}},
    )
    assert findings(BY_NAME["iam-no-admin-wildcard"], [boundary]) == []
    (finding,) = findings(BY_NAME["iam-no-admin-wildcard"], [boundary.but(tags={})])
    assert finding.kind == "violation"


def test_a_set_tagged_administrator_level_is_capped_at_one_hour_on_its_own():
    (finding,) = findings(
        BY_NAME["sso-session-duration-cap"], [tagged_admin_set.but(sessionDuration="PT2H")]
    )
    assert "administrator-level" in finding.message and "at most 1 h" in finding.message


def test_an_unreadable_duration_is_a_violation():
    (finding,) = findings(
        BY_NAME["sso-session-duration-cap"], [readonly_set.but(sessionDuration="8h")]
    )
    assert "(has 8h)" in finding.message


def test_the_stack_cap_leaves_tagged_sets_to_the_resource_policy():
    stack = [tagged_admin_set.but(sessionDuration="PT4H"), admin_set_policy]
    assert findings(BY_NAME["sso-admin-session-duration-cap"], stack) == []
    assert findings(BY_NAME["sso-admin-session-duration-cap"], [admin_set, admin_set_policy]) == []


def test_a_deployer_role_may_hold_administrator_access_but_only_by_its_configured_name():
    from tests.policy_pack.cases import ADMIN_ARN

    policy = BY_NAME["iam-admin-policy-exempt-roles-only"]
    deployer = R("aws:iam/role:Role", "deployer", {"name": "org-iam-deployer"})
    attachment = R(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "deployer-admin",
        {"policyArn": ADMIN_ARN, "role": "org-iam-deployer"},
        deps={"role": ["deployer"]},
    )
    assert findings(policy, [deployer, attachment]) == []
    (finding,) = findings(policy, [deployer.but(name="org-iam-deployer2"), attachment])
    assert "neither break-glass nor a protected deployer" in finding.message
