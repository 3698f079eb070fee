"""`orgctl drift` names each kind of change made by hand, in every area it compares, in text,
JSON and Markdown; unusable credentials or stacks exit 2 with a message, never a traceback."""

from __future__ import annotations

import json

import boto3

from tests import brownfield as seed
from tests.brownfield import clean_up_as_an_adopter
from tests.brownfield import run_orgctl as run


def test_every_area_names_its_change(fresh_brownfield_org, tmp_path):
    out = fresh_brownfield_org
    blueprint = tmp_path / "adopted.yaml"
    assert run("import", "--out", str(blueprint))[0] == 0
    clean_up_as_an_adopter(out)
    organizations = boto3.client("organizations")
    organizations.move_account(
        AccountId=out.account_ids["prod-app-2"],
        SourceParentId=out.ou_ids["Workloads/Production"],
        DestinationParentId=out.ou_ids["Workloads/NonProduction"],
    )
    organizations.create_organizational_unit(ParentId=out.root_id, Name="Experiments")
    document = json.loads(seed.scp_documents()["data-no-iam-users"][1])
    document["Statement"][0]["Action"].append("iam:CreateLoginProfile")
    organizations.update_policy(
        PolicyId=out.scp_ids["data-no-iam-users"], Content=json.dumps(document)
    )
    organizations.register_delegated_administrator(
        AccountId=out.account_ids["shared-network"], ServicePrincipal="macie.amazonaws.com"
    )
    boto3.client("sso-admin").update_permission_set(
        InstanceArn=out.instance_arn,
        PermissionSetArn=out.permission_sets["ReadOnly"],
        SessionDuration="PT12H",
        Description="ReadOnly (hand-made)",  # moto clears a description left out
    )
    boto3.client("sso-admin").delete_account_assignment(
        InstanceArn=out.instance_arn,
        TargetId=out.account_ids["staging"],
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=out.permission_sets["ReadOnly"],
        PrincipalType="GROUP",
        PrincipalId=out.group_ids["AWS-ReadOnly"],
    )
    boto3.client("iam").create_user(UserName="ci-bot")

    code, printed = run(
        "drift", "--stack", "prod", "--blueprint", str(blueprint), "--format", "json"
    )

    assert code == 1
    # Less the detection delegations the import writes on and moto cannot hold (see
    # test_round_trip.test_missing_detection_delegations_are_drift).
    findings = [
        (f["area"], f["change"], f["subject"])
        for f in json.loads(printed)["findings"]
        if (f["area"], f["change"]) != ("delegated administrators", "missing")
    ]
    assert findings == [
        ("organizational units", "extra", "Experiments"),
        ("accounts", "changed", "prod-app-2"),
        ("service control policies", "extra", "account:prod-data"),
        ("service control policies", "missing", "account:prod-data"),
        ("permission sets", "changed", "ReadOnly"),
        ("assignments", "missing", "ReadOnly@staging"),
        ("management IAM users", "extra", "ci-bot"),
        ("delegated administrators", "extra", "macie.amazonaws.com"),
    ]
    messages = "\n".join(f["message"] for f in json.loads(printed)["findings"])
    assert (
        "account 'prod-app-2' is in 'Workloads/NonProduction'; the blueprint places it in "
        "'Workloads/Production'" in messages
    )
    assert "'ReadOnly': session length is PT12H; the blueprint says PT8H" in messages
    assert "macie.amazonaws.com is delegated to 'shared-network'" in messages

    code, markdown = run(
        "drift", "--stack", "prod", "--blueprint", str(blueprint), "--format", "markdown"
    )
    assert code == 1
    delegations = markdown.split("## Delegated administrators\n\n", 1)[1].split("\n\n", 1)[0]
    assert any(
        line.startswith("- **extra**: macie.amazonaws.com") for line in delegations.splitlines()
    )


def test_unusable_credentials_exit_2_with_an_actionable_json_error(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code, printed = run("drift", "--stack", "prod", "--format", "json")

    assert code == 2
    error = json.loads(printed)["error"]
    assert "cannot call STS" in error
    assert "Run with the management account's credentials" in error


def test_an_unknown_stack_exits_2(capsys):
    code, printed = run("drift", "--stack", "nope", "--format", "json")

    assert code == 2
    assert "no such stack" in json.loads(printed)["error"]
