"""Whole decisions across layers, after the examples of AWS's evaluation-logic documentation:
identity with a permissions boundary, SCPs at each level, explicit denies, resource policies."""

from __future__ import annotations

import json

import pytest

from iam_evaluator import PolicyError, PolicySet, Request, StatementRef, evaluate
from tests.iam_evaluator.helpers import (
    ACCOUNT,
    FULL_AWS_ACCESS,
    ROLE,
    allow,
    deny,
    document,
    statement,
)

USER = f"arn:aws:iam::{ACCOUNT}:user/shirley"


def levels(ou: dict | None = None, account: dict | None = None):
    """Root, OU and account levels, each with FullAWSAccess unless replaced."""
    return (
        ("root", {"FullAWSAccess": FULL_AWS_ACCESS}),
        ("ou:Production", {"FullAWSAccess": FULL_AWS_ACCESS} if ou is None else ou),
        ("account:prod-app-1", {"FullAWSAccess": FULL_AWS_ACCESS} if account is None else account),
    )


# "Permissions boundaries for IAM entities": the boundary allows S3, CloudWatch and EC2; the
# identity policy allows iam:CreateUser. The effective permissions are the intersection.
BOUNDARY = allow(["s3:*", "cloudwatch:*", "ec2:*"])
IDENTITY = allow("iam:CreateUser")


def test_boundary_caps_what_the_identity_policy_grants():
    policies = PolicySet(identity={"ShirleyPolicy": IDENTITY}, boundary=("Boundary", BOUNDARY))
    decision = evaluate(Request(USER, "iam:CreateUser"), policies)
    assert not decision.allowed
    assert decision.denied_by is None
    assert (
        decision.reason
        == "implicitly denied: the permissions boundary 'Boundary' does not allow it"
    )


def test_boundary_alone_grants_nothing():
    policies = PolicySet(identity={"ShirleyPolicy": IDENTITY}, boundary=("Boundary", BOUNDARY))
    decision = evaluate(Request(USER, "s3:ListAllMyBuckets"), policies)
    assert not decision.allowed
    assert decision.reason == "implicitly denied: no identity-based policy allows it"


def test_identity_and_boundary_both_allow():
    policies = PolicySet(identity={"S3": allow("s3:*")}, boundary=("Boundary", BOUNDARY))
    decision = evaluate(Request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"), policies)
    assert decision.allowed
    assert [ref.layer for ref in decision.allowed_by] == ["identity", "boundary"]
    assert decision.reason == "allowed by identity policy 'S3' statement #0"


def test_deny_in_boundary_wins_over_identity_allow():
    boundary = document(statement("Allow"), statement("Deny", "iam:*", sid="NoIam"))
    policies = PolicySet(identity={"Admin": allow()}, boundary=("B", boundary))
    decision = evaluate(Request(ROLE, "iam:CreateRole"), policies)
    assert not decision.allowed
    assert decision.denied_by == StatementRef("boundary", "B", "NoIam", 1)
    assert decision.reason == "explicitly denied by permissions boundary 'B' statement 'NoIam'"


def test_every_scp_level_must_allow():
    """Organizations "SCP evaluation": an OU without FullAWSAccess whose SCP allows only S3 and
    EC2 limits every account below it to S3 and EC2, whatever the account's own SCPs allow."""
    ou = {"AllowS3AndEc2": allow(["s3:*", "ec2:*"])}
    policies = PolicySet(scp_levels=levels(ou=ou), identity={"Admin": allow()})
    assert evaluate(Request(ROLE, "ec2:RunInstances"), policies).allowed
    decision = evaluate(Request(ROLE, "sqs:CreateQueue"), policies)
    assert not decision.allowed
    assert (
        decision.reason == "implicitly denied: no SCP statement at level 'ou:Production' allows it"
    )


@pytest.mark.parametrize("level", ["root", "ou:Production", "account:prod-app-1"])
def test_a_level_without_any_scp_allow_denies(level):
    scps = [(name, {} if name == level else policies) for name, policies in levels()]
    decision = evaluate(
        Request(ROLE, "s3:GetObject"), PolicySet(scp_levels=scps, identity={"A": allow()})
    )
    assert not decision.allowed
    assert f"level '{level}'" in decision.reason


@pytest.mark.parametrize("level", ["root", "ou:Production", "account:prod-app-1"])
def test_an_scp_deny_at_any_level_wins(level):
    scps = [
        (name, {**policies, "guard": deny("cloudtrail:StopLogging", sid="ProtectCloudTrail")})
        if name == level
        else (name, policies)
        for name, policies in levels()
    ]
    decision = evaluate(
        Request(ROLE, "cloudtrail:StopLogging"), PolicySet(scp_levels=scps, identity={"A": allow()})
    )
    assert not decision.allowed
    assert decision.denied_by == StatementRef("scp", "guard", "ProtectCloudTrail", 0, level)
    assert decision.reason == (
        f"explicitly denied by SCP 'guard' statement 'ProtectCloudTrail' at level '{level}'"
    )


def test_scp_allows_never_grant_without_an_identity_allow():
    decision = evaluate(Request(ROLE, "s3:GetObject"), PolicySet(scp_levels=levels()))
    assert not decision.allowed
    assert decision.reason == "implicitly denied: no identity-based policy allows it"


def test_management_account_is_outside_scps():
    scps = levels(ou={"guard": deny()}, account={})
    policies = PolicySet(scp_levels=scps, identity={"A": allow()}, management_account=True)
    assert evaluate(Request(ROLE, "s3:GetObject"), policies).allowed
    member = PolicySet(scp_levels=scps, identity={"A": allow()})
    assert not evaluate(Request(ROLE, "s3:GetObject"), member).allowed


def test_service_linked_roles_are_outside_scps():
    linked = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"
    policies = PolicySet(scp_levels=levels(ou={"guard": deny()}), identity={"A": allow()})
    assert evaluate(Request(linked, "guardduty:UpdateDetector"), policies).allowed
    assert not evaluate(Request(ROLE, "guardduty:UpdateDetector"), policies).allowed


def test_not_action_deny_spares_the_listed_actions():
    """The Region-deny example of the Organizations SCP examples: NotAction lists the global
    services, so IAM stays usable outside the allowed Regions while EC2 does not."""
    region_deny = document(
        {
            "Sid": "DenyOutsideAllowedRegions",
            "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*", "organizations:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}},
        }
    )
    policies = PolicySet(
        scp_levels=levels(ou={"F": FULL_AWS_ACCESS, "region": region_deny}), identity={"A": allow()}
    )
    elsewhere = {"aws:RequestedRegion": "eu-west-1"}
    assert evaluate(Request(ROLE, "iam:CreateRole", "*", elsewhere), policies).allowed
    decision = evaluate(Request(ROLE, "ec2:RunInstances", "*", elsewhere), policies)
    assert decision.denied_by.sid == "DenyOutsideAllowedRegions"
    inside = {"aws:RequestedRegion": "us-east-1"}
    assert evaluate(Request(ROLE, "ec2:RunInstances", "*", inside), policies).allowed


def test_absent_mfa_key_needs_if_exists_to_deny():
    """'Condition operators': Bool on an absent key is false, so a Deny on
    MultiFactorAuthPresent=false never matches a request without the key; BoolIfExists does."""
    plain = deny(Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})
    if_exists = deny(Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})
    request = Request(USER, "ec2:DeleteVpc")  # long-term keys: the key is absent
    assert evaluate(request, PolicySet(identity={"A": allow(), "D": plain})).allowed
    assert not evaluate(request, PolicySet(identity={"A": allow(), "D": if_exists})).allowed


def test_principal_arn_condition_exempts_a_named_role():
    guard = deny(
        "cloudtrail:StopLogging",
        sid="ProtectCloudTrail",
        Condition={"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/org-iam-deployer"]}},
    )
    policies = PolicySet(
        scp_levels=levels(ou={"F": FULL_AWS_ACCESS, "g": guard}), identity={"A": allow()}
    )
    deployer = f"arn:aws:iam::{ACCOUNT}:role/org-iam-deployer"
    assert evaluate(Request(deployer, "cloudtrail:StopLogging"), policies).allowed
    assert not evaluate(Request(ROLE, "cloudtrail:StopLogging"), policies).allowed
    # a context that names the principal itself overrides the derived key
    spoof = Request(ROLE, "cloudtrail:StopLogging", "*", {"aws:PrincipalArn": deployer})
    assert evaluate(spoof, policies).allowed


def test_explicit_denies_are_all_reported_in_layer_order():
    policies = PolicySet(
        scp_levels=levels(ou={"F": FULL_AWS_ACCESS, "g": deny(sid="Scp")}),
        identity={"A": allow(), "D": deny(sid="Identity")},
        boundary=("B", document(statement("Allow"), statement("Deny", sid="Boundary"))),
    )
    decision = evaluate(Request(ROLE, "s3:GetObject"), policies)
    assert [ref.sid for ref in decision.denials] == ["Scp", "Identity", "Boundary"]
    assert decision.denied_by.sid == "Scp"


def test_root_user_holds_every_permission_scps_leave():
    root = f"arn:aws:iam::{ACCOUNT}:root"
    guard = deny(
        sid="DenyRootUser", Condition={"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}
    )
    open_policies = PolicySet(scp_levels=levels())
    assert evaluate(Request(root, "s3:DeleteBucket"), open_policies).allowed
    guarded = PolicySet(scp_levels=levels(ou={"F": FULL_AWS_ACCESS, "g": guard}))
    assert evaluate(Request(root, "s3:DeleteBucket"), guarded).denied_by.sid == "DenyRootUser"


def bucket_policy(principal, effect="Allow", action="s3:GetObject") -> tuple[str, dict]:
    return (
        "bucket",
        document(
            {
                "Effect": effect,
                "Principal": principal,
                "Action": action,
                "Resource": "arn:aws:s3:::b/*",
            }
        ),
    )


def test_same_account_resource_policy_naming_the_principal_grants():
    policies = PolicySet(resource_policy=bucket_policy({"AWS": ROLE}))
    decision = evaluate(Request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"), policies)
    assert decision.allowed
    assert decision.allowed_by == (StatementRef("resource", "bucket", None, 0),)
    other = f"arn:aws:iam::{ACCOUNT}:role/other"
    assert not evaluate(Request(other, "s3:GetObject", "arn:aws:s3:::b/k"), policies).allowed


def test_resource_policy_naming_the_account_delegates_to_identity_policies():
    policies = PolicySet(resource_policy=bucket_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    decision = evaluate(Request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"), policies)
    assert not decision.allowed
    assert (
        decision.reason == "implicitly denied: no identity-based or resource-based policy allows it"
    )
    with_identity = PolicySet(
        identity={"S3": allow("s3:GetObject")}, resource_policy=bucket_policy({"AWS": ACCOUNT})
    )
    assert evaluate(Request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"), with_identity).allowed


def test_resource_policy_deny_naming_the_account_applies():
    policies = PolicySet(
        identity={"A": allow()}, resource_policy=bucket_policy({"AWS": ACCOUNT}, "Deny")
    )
    decision = evaluate(Request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"), policies)
    assert decision.denied_by == StatementRef("resource", "bucket", None, 0)


def test_not_principal_deny_spares_only_the_listed_principal():
    deployer = f"arn:aws:iam::{ACCOUNT}:role/org-iam-deployer"
    policies = PolicySet(
        identity={"A": allow()},
        resource_policy=(
            "bucket",
            document(
                {
                    "Effect": "Deny",
                    "NotPrincipal": {"AWS": deployer},
                    "Action": "s3:*",
                    "Resource": "*",
                }
            ),
        ),
    )
    assert evaluate(Request(deployer, "s3:DeleteBucket"), policies).allowed
    assert not evaluate(Request(ROLE, "s3:DeleteBucket"), policies).allowed


def test_boundary_limits_a_role_named_by_a_resource_policy_but_not_a_user():
    boundary = ("B", allow("ec2:*"))
    role = PolicySet(boundary=boundary, resource_policy=bucket_policy({"AWS": ROLE}))
    assert not evaluate(Request(ROLE, "s3:GetObject", "arn:aws:s3:::b/k"), role).allowed
    user = PolicySet(boundary=boundary, resource_policy=bucket_policy({"AWS": USER}))
    assert evaluate(Request(USER, "s3:GetObject", "arn:aws:s3:::b/k"), user).allowed


def test_documents_may_be_json_strings():
    policies = PolicySet(identity={"A": json.dumps(allow("s3:*"))})
    assert evaluate(Request(ROLE, "s3:GetObject"), policies).allowed


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("{not json", "identity policy 'bad': not valid JSON"),
        ({"Version": "2012-10-17"}, "identity policy 'bad': a policy document needs a 'Statement'"),
        (
            document({"Effect": "Permit", "Action": "*", "Resource": "*"}),
            "Effect must be 'Allow' or 'Deny'",
        ),
        (document({"Effect": "Allow", "Resource": "*"}), "statement #0: needs Action or NotAction"),
        (
            document({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}),
            "has both Action and NotAction",
        ),
        (
            document({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}),
            "Principal belongs only in resource policies",
        ),
    ],
)
def test_malformed_documents_raise_a_clear_error(policy, message):
    with pytest.raises(PolicyError, match=message):
        evaluate(Request(ROLE, "s3:GetObject"), PolicySet(identity={"bad": policy}))


def test_statement_ref_normalises_empty_sid():
    assert StatementRef("identity", "p", "", 0).sid is None
    with pytest.raises(ValueError, match="unknown layer"):
        StatementRef("session", "p", None, 0)
