"""`orgctl preflight` against moto's server: a foreign AWS Config recorder in an adopted account
is found and named with its Region, org-iam's own recorder is not; a delegated administrator
held by another account and a group missing from the identity store are found; credentials of
another account or none at all exit 2, and a role that cannot be assumed is a problem, not a
crash."""

from __future__ import annotations

import json
import urllib.request

import boto3
import pytest
from botocore.stub import Stubber

from orgctl.account_probe import assume_access_role, identity_store_id
from orgctl.cli import main

MOTO_DEFAULT_ACCOUNT = "123456789012"
PROD_ID = "222222222222"
GROUPS = ("AWS-Admins", "AWS-Engineers")  # the minimal blueprint's display names


@pytest.fixture
def aws(moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    yield moto_endpoint
    # One moto server serves the whole session: leave it empty for the next test.
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))


@pytest.fixture
def blueprint(write_blueprint):
    """The minimal blueprint with moto's default account as the management account."""
    return write_blueprint(('id: "111111111111"', f'id: "{MOTO_DEFAULT_ACCOUNT}"'))


@pytest.fixture
def synced_groups(aws):
    """The blueprint's groups, as SCIM would have synced them into Identity Center."""
    (instance,) = boto3.client("sso-admin").list_instances()["Instances"]
    store = boto3.client("identitystore")
    for name in GROUPS:
        store.create_group(IdentityStoreId=instance["IdentityStoreId"], DisplayName=name)


def prod_session() -> boto3.Session:
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{PROD_ID}:role/OrganizationAccountAccessRole",
        RoleSessionName="test",
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def put_recorder(session: boto3.Session, region: str, name: str) -> None:
    session.client("config", region_name=region).put_configuration_recorder(
        ConfigurationRecorder={
            "name": name,
            "roleARN": f"arn:aws:iam::{PROD_ID}:role/legacy-config",
            "recordingGroup": {"allSupported": True},
        }
    )


def preflight(blueprint, *extra: str) -> int:
    return main(["preflight", "--stack", "prod", "--blueprint", str(blueprint), *extra])


def test_a_foreign_config_recorder_in_an_adopted_account_is_a_problem(
    aws, synced_groups, blueprint, capsys
):
    put_recorder(prod_session(), "us-west-2", "default")

    code = preflight(blueprint)

    out = capsys.readouterr().out
    assert code == 1
    assert "prod (222222222222) us-west-2: AWS Config already has recorder 'default'" in out
    assert "us-east-1" not in out
    assert "2 existing account(s) checked, 1 problem(s)" in out


def test_org_iams_own_recorder_is_not_a_problem(aws, synced_groups, blueprint, capsys):
    put_recorder(prod_session(), "us-east-1", "org-iam")

    code = preflight(blueprint, "--format", "json")

    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report == {"checked": ["management", "prod"], "problems": []}


def test_a_group_missing_from_the_identity_store_is_a_problem(aws, blueprint, capsys):
    (instance,) = boto3.client("sso-admin").list_instances()["Instances"]
    boto3.client("identitystore").create_group(
        IdentityStoreId=instance["IdentityStoreId"], DisplayName="AWS-Admins"
    )

    code = preflight(blueprint)

    out = capsys.readouterr().out
    assert code == 1
    assert "organization (123456789012) us-east-1: group 'AWS-Engineers' is not in" in out
    assert "'AWS-Admins'" not in out


def test_a_service_delegated_to_another_account_is_a_problem(
    aws, synced_groups, write_blueprint, capsys
):
    organizations = boto3.client("organizations")
    organization_id = organizations.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    other = organizations.create_account(AccountName="old-audit", Email="old@example.com")
    other_id = other["CreateAccountStatus"]["AccountId"]
    organizations.register_delegated_administrator(
        AccountId=other_id, ServicePrincipal="config-multiaccountsetup.amazonaws.com"
    )
    adopted = write_blueprint(
        ('id: "111111111111"', f'id: "{MOTO_DEFAULT_ACCOUNT}"'),
        ("  name: tiny\n", f"  name: tiny\n  id: {organization_id}\n"),
    )

    code = preflight(adopted)

    out = capsys.readouterr().out
    assert code == 1
    assert f"config-multiaccountsetup.amazonaws.com is delegated to account {other_id}" in out
    assert "access-analyzer.amazonaws.com" not in out
    # moto knows no delegations for config or securityhub: those come back as "cannot list".
    assert "cannot list the delegated administrators of config.amazonaws.com" in out


def test_credentials_of_another_account_exit_2(aws, write_blueprint, capsys):
    code = preflight(write_blueprint())  # management is 111111111111, moto answers 123456789012

    err = capsys.readouterr().err
    assert code == 2
    assert "not the management account 111111111111" in err


def test_no_credentials_exit_2_with_a_clear_message(blueprint, monkeypatch, tmp_path, capsys):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code = preflight(blueprint)

    assert code == 2
    err = capsys.readouterr().err
    assert "no AWS credentials found" in err and "aws sso login --profile" in err


def test_a_role_that_cannot_be_assumed_is_reported_by_its_error_code():
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    sts = session.client("sts")
    session.client = lambda *_args, **_kwargs: sts
    with Stubber(sts) as stub:
        stub.add_client_error("assume_role", service_error_code="AccessDenied")

        outcome = assume_access_role(session, PROD_ID, "arn:aws:iam::222222222222:role/X")

    assert outcome == "AccessDenied"


def test_an_invalid_blueprint_checks_nothing(write_blueprint, capsys):
    broken = write_blueprint(("home_region: us-east-1", "home_region: mars-1"))

    assert preflight(broken) == 1
    assert "not valid; nothing checked" in capsys.readouterr().out


def test_an_organization_without_identity_center_has_no_identity_store():
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    sso_admin = session.client("sso-admin")
    session.client = lambda *_args, **_kwargs: sso_admin
    with Stubber(sso_admin) as stub:
        stub.add_response("list_instances", {"Instances": []})

        assert identity_store_id(session, "us-east-1") is None


def test_an_adopted_account_whose_own_scps_leave_no_room_is_a_problem(
    aws, synced_groups, write_blueprint, capsys
):
    organizations = boto3.client("organizations")
    organization_id = organizations.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root_id = organizations.list_roots()["Roots"][0]["Id"]
    organizations.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    prod = organizations.create_account(AccountName="prod", Email="aws-prod@example.com")
    prod_id = prod["CreateAccountStatus"]["AccountId"]
    deny = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}],
        }
    )
    for index in range(9):
        policy = organizations.create_policy(
            Name=f"legacy-{index}", Description="", Content=deny, Type="SERVICE_CONTROL_POLICY"
        )["Policy"]["PolicySummary"]
        organizations.attach_policy(PolicyId=policy["Id"], TargetId=prod_id)
    adopted = write_blueprint(
        ('id: "111111111111"', f'id: "{MOTO_DEFAULT_ACCOUNT}"'),
        ("  name: tiny\n", f"  name: tiny\n  id: {organization_id}\n"),
        ('id: "222222222222"}', f'id: "{prod_id}", scps: [baseline]}}'),
    )

    code = preflight(adopted)

    out = capsys.readouterr().out
    assert code == 1
    assert (
        f"prod ({prod_id}): already carries 9 SCP(s) of its own (legacy-0, legacy-1, legacy-2, "
        "legacy-3, legacy-4, legacy-5, legacy-6, legacy-7, legacy-8); with org-iam's 1 it needs "
        "11 of 10 slots"
    ) in out


def test_an_unknown_stack_exits_2_without_a_traceback(capsys):
    assert main(["preflight", "--stack", "no-such-stack"]) == 2
    err = capsys.readouterr().err
    assert "Pulumi.no-such-stack.yaml: no such stack" in err
    assert "Traceback" not in err


def test_an_unreadable_blueprint_exits_2(tmp_path, capsys):
    assert preflight(tmp_path / "missing.yaml") == 2
    assert "missing.yaml" in capsys.readouterr().err


def _trust(*principals: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": list(principals)},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


def test_an_exempt_role_name_trusting_outside_the_management_account_is_a_problem(
    aws, synced_groups, blueprint, capsys
):
    iam = prod_session().client("iam")
    iam.create_role(
        RoleName="OrganizationAccountAccessRole",
        AssumeRolePolicyDocument=_trust(
            f"arn:aws:iam::{MOTO_DEFAULT_ACCOUNT}:root", "arn:aws:iam::999999999999:root"
        ),
    )
    iam.create_role(
        RoleName="stacksets-exec-0123456789abcdef",
        AssumeRolePolicyDocument=_trust("arn:aws:iam::999999999999:role/ci"),
    )

    code = preflight(blueprint)

    out = capsys.readouterr().out
    assert code == 1
    assert (
        "prod (222222222222): role 'OrganizationAccountAccessRole' has a name the guardrails "
        "exempt but trusts arn:aws:iam::999999999999:root, outside the management account"
    ) in out
    assert "role 'stacksets-exec-0123456789abcdef' has a name the guardrails exempt" in out


def test_exempt_roles_trusting_only_the_management_account_are_fine(
    aws, synced_groups, blueprint, capsys
):
    iam = prod_session().client("iam")
    iam.create_role(
        RoleName="OrganizationAccountAccessRole",
        AssumeRolePolicyDocument=_trust(f"arn:aws:iam::{MOTO_DEFAULT_ACCOUNT}:root"),
    )
    # A role of that name at another path is not exempt (the guardrails match the path too).
    iam.create_role(
        RoleName="BreakGlassAdmin",
        Path="/legacy/",
        AssumeRolePolicyDocument=_trust("arn:aws:iam::999999999999:root"),
    )

    code = preflight(blueprint, "--format", "json")

    assert code == 0, capsys.readouterr().out


def test_a_break_glass_role_that_already_exists_is_a_problem(aws, synced_groups, blueprint, capsys):
    prod_session().client("iam").create_role(
        RoleName="BreakGlassAdmin",
        AssumeRolePolicyDocument=_trust(f"arn:aws:iam::{MOTO_DEFAULT_ACCOUNT}:root"),
    )

    code = preflight(blueprint)

    out = capsys.readouterr().out
    assert code == 1
    assert (
        "role 'BreakGlassAdmin' already exists; org-iam creates it in every member account" in out
    )
