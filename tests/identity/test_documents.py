"""The boundary and break-glass documents, judged by what they allow and deny, and checked by
moto and parliament."""

from __future__ import annotations

import json

import pytest

from blueprint import load_blueprint
from identity.boundary_document import boundary_document
from identity.break_glass_documents import trust_policy, user_policy
from tests.conftest import PROD, STAGING, TODAY
from tests.guardrails.evaluator import allowed
from tests.independent_validators import moto_validate, parliament_findings

BLUEPRINT = load_blueprint(str(PROD), today=TODAY)
BOUNDARY = json.dumps(
    boundary_document(
        "EngineerPermissionBoundary",
        BLUEPRINT.permission_boundaries["EngineerPermissionBoundary"],
        "aws",
    )
)
ACCOUNT = "100000000011"
OWN_BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/EngineerPermissionBoundary"
DEVELOPER = {"aws:PrincipalType": "AssumedRole", "aws:RequestedRegion": "us-east-1"}


def test_boundary_denies_deleting_or_rewriting_itself():
    for action in ("iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"):
        assert not allowed(BOUNDARY, action, DEVELOPER, OWN_BOUNDARY), action


def test_boundary_denies_creating_a_role_without_it():
    other = {**DEVELOPER, "iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/Weaker"}
    role = f"arn:aws:iam::{ACCOUNT}:role/delegated/app"
    assert not allowed(BOUNDARY, "iam:CreateRole", DEVELOPER, role)  # no boundary at all
    assert not allowed(BOUNDARY, "iam:CreateRole", other, role)
    with_it = {**DEVELOPER, "iam:PermissionsBoundary": OWN_BOUNDARY}
    assert allowed(BOUNDARY, "iam:CreateRole", with_it, role)


def test_boundary_denies_changing_roles_that_lack_it():
    unbounded = f"arn:aws:iam::{ACCOUNT}:role/BreakGlassAdmin"
    for action in ("iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"):
        assert not allowed(BOUNDARY, action, DEVELOPER, unbounded), action
    bounded = {**DEVELOPER, "iam:PermissionsBoundary": OWN_BOUNDARY}
    assert allowed(
        BOUNDARY, "iam:AttachRolePolicy", bounded, f"arn:aws:iam::{ACCOUNT}:role/delegated/app"
    )


def test_boundary_denies_removing_any_boundary():
    for action in ("iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"):
        assert not allowed(
            BOUNDARY, action, DEVELOPER, f"arn:aws:iam::{ACCOUNT}:role/delegated/app"
        )


def test_boundary_denies_passing_roles_outside_the_delegated_path():
    assert not allowed(
        BOUNDARY,
        "iam:PassRole",
        DEVELOPER,
        f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole",
    )
    assert allowed(
        BOUNDARY, "iam:PassRole", DEVELOPER, f"arn:aws:iam::{ACCOUNT}:role/delegated/app-task"
    )


def test_boundary_denies_rewriting_policies_outside_the_delegated_path():
    assert not allowed(
        BOUNDARY, "iam:CreatePolicyVersion", DEVELOPER, f"arn:aws:iam::{ACCOUNT}:policy/ops-shared"
    )
    assert allowed(
        BOUNDARY,
        "iam:CreatePolicyVersion",
        DEVELOPER,
        f"arn:aws:iam::{ACCOUNT}:policy/delegated/app",
    )


@pytest.mark.parametrize(
    "action",
    [
        "iam:CreateUser",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreateSAMLProvider",
        "organizations:LeaveOrganization",
        "organizations:DescribeOrganization",
        "account:PutAlternateContact",
    ],
)
def test_boundary_denies_long_lived_identities_and_organizations(action):
    assert not allowed(BOUNDARY, action, DEVELOPER)


def test_boundary_leaves_ordinary_work_alone():
    for action in (
        "ec2:RunInstances",
        "s3:GetObject",
        "lambda:CreateFunction",
        "rds:CreateDBInstance",
    ):
        assert allowed(BOUNDARY, action, DEVELOPER), action


def test_seed_boundary_lets_a_holder_delete_it_and_create_unbounded_roles():
    seed = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {
                    "Effect": "Deny",
                    "Action": ["iam:CreateUser", "iam:DeleteUser", "organizations:*", "account:*"],
                    "Resource": "*",
                },
            ],
        }
    )
    assert allowed(seed, "iam:DeletePolicy", DEVELOPER, OWN_BOUNDARY)
    assert allowed(seed, "iam:CreateRole", DEVELOPER, f"arn:aws:iam::{ACCOUNT}:role/escalate")


TRUST = json.dumps(trust_policy("aws", "100000000001", BLUEPRINT.break_glass))
USER_POLICY = json.dumps(
    user_policy("aws", "100000000001", BLUEPRINT.break_glass, "o-exampleorg01")
)


def test_break_glass_trust_names_only_the_break_glass_users_with_both_mfa_conditions():
    (statement,) = json.loads(TRUST)["Statement"]
    assert statement["Principal"] == {
        "AWS": [
            "arn:aws:iam::100000000001:user/break-glass/breakglass-1",
            "arn:aws:iam::100000000001:user/break-glass/breakglass-2",
        ]
    }
    assert statement["Condition"] == {
        "Bool": {"aws:MultiFactorAuthPresent": "true"},
        "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"},
    }


def test_break_glass_user_can_only_set_up_mfa_until_mfa_is_present():
    no_mfa = {"aws:PrincipalType": "User", "aws:username": "breakglass-1"}
    role = "arn:aws:iam::100000000007:role/BreakGlassAdmin"
    assert not allowed(USER_POLICY, "sts:AssumeRole", no_mfa, role)
    assert not allowed(USER_POLICY, "s3:ListAllMyBuckets", no_mfa)
    own = "arn:aws:iam::100000000001:user/break-glass/${aws:username}"
    assert allowed(USER_POLICY, "iam:EnableMFADevice", no_mfa, own)
    with_mfa = {
        **no_mfa,
        "aws:MultiFactorAuthPresent": "true",
        "aws:ResourceOrgID": "o-exampleorg01",
    }
    assert allowed(USER_POLICY, "sts:AssumeRole", with_mfa, role)
    assert not allowed(USER_POLICY, "s3:ListAllMyBuckets", with_mfa)


def test_break_glass_users_assume_only_roles_of_their_own_organization():
    elsewhere = {
        "aws:username": "breakglass-1",
        "aws:MultiFactorAuthPresent": "true",
        "aws:ResourceOrgID": "o-someoneelse0",
    }
    role = "arn:aws:iam::999999999999:role/BreakGlassAdmin"
    assert not allowed(USER_POLICY, "sts:AssumeRole", elsewhere, role)


def _identity_documents():
    for path in (PROD, STAGING):
        blueprint = load_blueprint(str(path), today=TODAY)
        for name, boundary in blueprint.permission_boundaries.items():
            yield pytest.param(
                json.dumps(boundary_document(name, boundary, "aws")),
                id=f"{path.stem}:boundary:{name}",
            )
        for name, spec in blueprint.permission_sets.items():
            if spec.inline_policy:
                document = json.dumps(spec.inline_policy.model_dump(exclude_none=True))
                yield pytest.param(document, id=f"{path.stem}:inline:{name}")
        yield pytest.param(
            json.dumps(user_policy("aws", "100000000001", blueprint.break_glass, "o-exampleorg01")),
            id=f"{path.stem}:break-glass-users",
        )


# Where a document is broad on purpose, the reason parliament's RESOURCE_STAR hint is accepted.
BROAD_ON_PURPOSE = {
    "prod:inline:DBA": "a DBA administers every database of the accounts it is assigned to; "
    "per-database ARNs would change with every database",
}


@pytest.mark.parametrize("document", list(_identity_documents()))
def test_identity_documents_pass_moto_and_parliament(document, request):
    moto_validate(document)
    reason = BROAD_ON_PURPOSE.get(request.node.callspec.id)
    assert parliament_findings(document, resource_star_reason=reason) == []


def test_break_glass_trust_policy_passes_moto_and_parliament():
    moto_validate(TRUST, trust_policy=True)
    assert parliament_findings(TRUST, trust_policy=True) == []


def test_the_validators_would_catch_the_seed_break_glass_trust():
    """The seed trusted ec2.amazonaws.com with MFA conditions; our own check must flag it even
    though the document is grammatically valid."""
    seed = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        ],
    }
    moto_validate(
        json.dumps(seed), trust_policy=True
    )  # grammatically fine: validators alone miss it
    assert trusts_service_with_mfa(seed)
    assert not trusts_service_with_mfa(json.loads(TRUST))


def trusts_service_with_mfa(document: dict) -> bool:
    for statement in document["Statement"]:
        principal = statement.get("Principal", {})
        conditions = json.dumps(statement.get("Condition", {}))
        if (
            isinstance(principal, dict)
            and "Service" in principal
            and "MultiFactorAuth" in conditions
        ):
            return True
    return False
