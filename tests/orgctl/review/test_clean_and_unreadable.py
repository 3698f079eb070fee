"""A clean organization exits 0; credentials outside an organization exit 2 in one line."""

from __future__ import annotations

import contextlib

import boto3

from tests.orgctl.review.seeded import REGION
from tests.orgctl.review.test_command_errors import _error
from tests.orgctl.review.test_seeded_review import review


def test_credentials_outside_an_organization(review_endpoint, monkeypatch, capsys):
    import urllib.request

    urllib.request.urlopen(
        urllib.request.Request(f"{review_endpoint}/moto-api/reset", method="POST")
    )
    monkeypatch.setenv("AWS_ENDPOINT_URL", review_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    assert review()[0] == 2
    assert "is not in an organization" in _error(capsys)


def test_a_clean_organization_exits_0(fresh_org, tmp_path):
    """The seeded organization with every planted case removed."""
    from tests.orgctl.review.test_disable_unused import iam_in

    sso = boto3.client("sso-admin", region_name=REGION)
    for account, users in {
        "prod": ["ci-old-key", "ops-console-nomfa", "ops-console-mfa", "ci-fresh"],
        "dev": ["legacy-console", "key-never-used-old", "key-recent"],
    }.items():
        iam = iam_in(fresh_org, account)
        for user in users:
            for key in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
                iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
            with contextlib.suppress(iam.exceptions.NoSuchEntityException):
                iam.delete_login_profile(UserName=user)
            iam.delete_user(UserName=user)
        for role in ("BreakGlassAdmin", "VendorAudit", "InternalTool"):
            with contextlib.suppress(iam.exceptions.NoSuchEntityException):
                iam.delete_role(RoleName=role)
    management = boto3.client("iam", region_name=REGION)
    for user in ("breakglass-1", "breakglass-2"):
        management.delete_login_profile(UserName=user)
        for device in management.list_mfa_devices(UserName=user)["MFADevices"]:
            management.deactivate_mfa_device(UserName=user, SerialNumber=device["SerialNumber"])
        management.delete_user(UserName=user)
    for principal, kind, permission_set, account in (
        ("AWS-Admins", "GROUP", "Admin", "prod"),
        ("dan", "USER", "Developer", "dev"),
    ):
        ids = fresh_org.group_ids if kind == "GROUP" else fresh_org.user_ids
        sso.delete_account_assignment(
            InstanceArn=fresh_org.instance_arn,
            TargetId=fresh_org.account_ids[account],
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=fresh_org.permission_sets[permission_set],
            PrincipalType=kind,
            PrincipalId=ids[principal],
        )
    code, printed = review()
    assert printed.rstrip().endswith("No flags")
    assert code == 0
