"""The statement library, judged by what it denies: each guardrail blocks what it must and
never the sessions it must not (Identity Center users, break-glass, deployers)."""

from __future__ import annotations

import json

import pytest

from blueprint.model import PermissionBoundary
from guardrails.compose import Target
from guardrails.library import DESTRUCTIVE_ACTIONS, GLOBAL_SERVICE_ACTIONS, LIBRARY
from identity.boundary_document import boundary_document
from tests.guardrails.evaluator import denying_sids

SSO_ADMIN = {
    "aws:PrincipalType": "AssumedRole",
    "aws:PrincipalArn": "arn:aws:iam::100000000007:role/aws-reserved/sso.amazonaws.com/"
    "us-east-1/AWSReservedSSO_Admin_0123456789abcdef",
    "aws:RequestedRegion": "us-east-1",
    "aws:ViaAWSService": "false",
}
IAM_USER_WITH_KEYS = {
    "aws:PrincipalType": "User",
    "aws:PrincipalArn": "arn:aws:iam::100000000007:user/legacy-admin",
    "aws:RequestedRegion": "us-east-1",
    "aws:ViaAWSService": "false",
}
BREAK_GLASS = {
    "aws:PrincipalType": "AssumedRole",
    "aws:PrincipalArn": "arn:aws:iam::100000000007:role/BreakGlassAdmin",
    "aws:RequestedRegion": "eu-west-1",
    "aws:MultiFactorAuthPresent": "true",
    "aws:ViaAWSService": "false",
}
ROOT = {
    "aws:PrincipalType": "Account",
    "aws:PrincipalArn": "arn:aws:iam::100000000007:root",
    "aws:RequestedRegion": "us-east-1",
}


@pytest.fixture
def production(prod_plan) -> list[str]:
    """The SCPs in effect on a production account (the Production OU's)."""
    return [policy.content for policy in prod_plan.policies_on(Target("ou", "Production"))]


def test_every_statement_is_a_deny_with_reason_and_controls(prod_context):
    for sid, entry in LIBRARY.items():
        statement = entry.render(prod_context)
        assert statement["Sid"] == sid
        assert statement["Effect"] == "Deny"
        assert "Principal" not in statement
        assert entry.reason.endswith(".")
        assert entry.controls.soc2 and entry.controls.pci_dss, sid


@pytest.mark.parametrize("action", DESTRUCTIVE_ACTIONS)
def test_sso_session_without_mfa_key_is_never_denied(production, action):
    assert denying_sids(production, action, SSO_ADMIN) == []


@pytest.mark.parametrize("action", DESTRUCTIVE_ACTIONS)
def test_iam_user_access_keys_need_mfa_for_destructive_actions(production, action):
    assert denying_sids(production, action, IAM_USER_WITH_KEYS) == [
        "RequireMfaForDestructiveActions"
    ]
    with_mfa = {**IAM_USER_WITH_KEYS, "aws:MultiFactorAuthPresent": "true"}
    assert denying_sids(production, action, with_mfa) == []


def test_seed_mfa_statement_would_have_denied_every_sso_user():
    seed = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "RequireMFAForSensitiveActions",
                    "Effect": "Deny",
                    "Action": ["ec2:DeleteVpc"],
                    "Resource": "*",
                    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
                }
            ],
        }
    )
    assert denying_sids([seed], "ec2:DeleteVpc", SSO_ADMIN) == ["RequireMFAForSensitiveActions"]


def test_root_user_is_denied_but_assume_root_sessions_are_not(production):
    assert denying_sids(production, "s3:ListBucket", ROOT) == ["DenyRootUser"]
    assume_root = {**ROOT, "aws:AssumedRoot": "true"}
    assert denying_sids(production, "s3:ListBucket", assume_root) == []


def test_seed_root_statement_never_matches_the_root_user():
    seed = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyRootAccountUsage",
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalType": "Root"}},
                }
            ],
        }
    )
    assert denying_sids([seed], "s3:ListBucket", ROOT) == []


def test_region_guardrail_denies_regional_services_elsewhere(library_documents):
    region = library_documents["DenyOutsideAllowedRegions"]
    elsewhere = {**SSO_ADMIN, "aws:RequestedRegion": "eu-west-1"}
    assert denying_sids([region], "ec2:RunInstances", elsewhere) == ["DenyOutsideAllowedRegions"]
    assert denying_sids([region], "ec2:RunInstances", SSO_ADMIN) == []


@pytest.mark.parametrize(
    "action",
    [
        "iam:CreateRole",
        "sts:AssumeRole",
        "organizations:DescribeOrganization",
        "route53:ListHostedZones",
        "cloudfront:CreateDistribution",
        "support:CreateCase",
        "s3:ListAllMyBuckets",
    ],
)
def test_region_guardrail_leaves_global_services_alone(library_documents, action):
    elsewhere = {**SSO_ADMIN, "aws:RequestedRegion": "eu-west-1"}
    assert denying_sids([library_documents["DenyOutsideAllowedRegions"]], action, elsewhere) == []


def test_region_guardrail_uses_not_action_and_exempts_break_glass_and_deployers(library_documents):
    statement = json.loads(library_documents["DenyOutsideAllowedRegions"])["Statement"][0]
    assert "Action" not in statement
    assert set(GLOBAL_SERVICE_ACTIONS) == set(statement["NotAction"])
    exempt = statement["Condition"]["ArnNotLike"]["aws:PrincipalArn"]
    assert "arn:aws:iam::*:role/BreakGlassAdmin" in exempt
    assert "arn:aws:iam::*:role/OrganizationAccountAccessRole" in exempt
    assert "arn:aws:iam::*:role/org-iam-deployer" in exempt
    assert (
        denying_sids(
            [library_documents["DenyOutsideAllowedRegions"]], "ec2:RunInstances", BREAK_GLASS
        )
        == []
    )


def test_seed_region_statement_breaks_global_services():
    seed = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyNonCompliantRegions",
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-central-1"]}},
                }
            ],
        }
    )
    global_call = {**SSO_ADMIN, "aws:RequestedRegion": "us-east-1"}
    assert denying_sids([seed], "iam:CreateRole", global_call) == ["DenyNonCompliantRegions"]


def test_break_glass_keeps_working_in_quarantine_but_others_do_not(library_documents):
    quarantine = [library_documents["DenyAll"]]
    assert denying_sids(quarantine, "ec2:DescribeInstances", BREAK_GLASS) == []
    assert denying_sids(quarantine, "ec2:DescribeInstances", SSO_ADMIN) == ["DenyAll"]


def test_cloudtrail_cannot_be_stopped_even_by_break_glass(library_documents):
    documents = [library_documents["ProtectCloudTrail"]]
    assert denying_sids(documents, "cloudtrail:StopLogging", BREAK_GLASS) == ["ProtectCloudTrail"]
    deployer = {
        **SSO_ADMIN,
        "aws:PrincipalArn": "arn:aws:iam::1:role/OrganizationAccountAccessRole",
    }
    assert denying_sids(documents, "cloudtrail:StopLogging", deployer) == []


def test_access_roles_and_sso_roles_are_protected(library_documents):
    documents = [library_documents["ProtectAccessRoles"]]
    for role in (
        "role/BreakGlassAdmin",
        "role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_X",
    ):
        resource = f"arn:aws:iam::100000000007:{role}"
        assert denying_sids(documents, "iam:UpdateAssumeRolePolicy", SSO_ADMIN, resource), role
    other = "arn:aws:iam::100000000007:role/app-role"
    assert denying_sids(documents, "iam:UpdateAssumeRolePolicy", SSO_ADMIN, other) == []


def test_log_archive_bucket_is_protected_by_prefix(library_documents):
    documents = [library_documents["ProtectLogArchive"]]
    bucket = "arn:aws:s3:::example-corp-log-archive-100000000002-us-east-1"
    assert denying_sids(documents, "s3:PutBucketPolicy", SSO_ADMIN, bucket)
    assert denying_sids(documents, "s3:DeleteObject", SSO_ADMIN, f"{bucket}/AWSLogs/x.json.gz")
    assert denying_sids(documents, "s3:PutBucketPolicy", SSO_ADMIN, "arn:aws:s3:::app-data") == []


def test_the_boundary_and_the_boundary_guardrail_deny_the_same_tampering(prod_context):
    """Both come from blueprint.iam_actions; a list edited in one place only would show here."""
    guardrail = LIBRARY["ProtectBoundaryPolicies"].render(prod_context)
    boundary = boundary_document("b", PermissionBoundary(description="b"), "aws")
    tampering = next(s for s in boundary["Statement"] if s["Sid"] == "DenyBoundaryTampering")
    assert sorted(guardrail["Action"]) == sorted(tampering["Action"])
