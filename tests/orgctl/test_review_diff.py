"""The reviewer's view of a pull request: for three blueprint changes, the Markdown diff alone
says what changes, who gains or loses access, and what cannot be undone."""

from __future__ import annotations

import json

import pytest

from orgctl.cli import main
from orgctl.diff import compare
from orgctl.property_diff import statement_changes
from tests.conftest import FIXTURES, TODAY

BASE = FIXTURES / "blueprints" / "review-base.yaml"
SANDBOX_OU = "    scps: [baseline]\n    accounts: [sandbox-ana]\n"
SANDBOX_ACCOUNT = (
    "  sandbox-ana:\n    email: aws-sandbox-ana@example.com\n    owner: ana@example.com\n"
    "    expires: 2026-12-20\n    close_on_deletion: true\n"
)


def _plan(tmp_path, name: str, text: str, *extra: str) -> int:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return main(["plan", "--stack", "staging", "--blueprint", str(path), "--today", TODAY.isoformat(),
                 "--out", str(tmp_path / name), *extra])  # fmt: skip


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("base")
    assert _plan(out, "base", BASE.read_text()) == 0
    return out / "base" / "staging" / "plan.json"


def _edited(*replacements: tuple[str, str]) -> str:
    text = BASE.read_text()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _markdown(tmp_path, base_plan, capsys, text: str) -> list[str]:
    capsys.readouterr()
    assert _plan(tmp_path, "head", text, "--diff", str(base_plan), "--format", "markdown") == 0
    return capsys.readouterr().out.splitlines()


def test_adding_a_production_account_with_ops_access(tmp_path, base_plan, capsys):
    lines = _markdown(tmp_path, base_plan, capsys, _edited(
        ("    accounts: [prod]\n", "    accounts: [prod, prod-2]\n"),
        ("  dev: {email: aws-dev@example.com}\n",
         "  dev: {email: aws-dev@example.com}\n  prod-2: {email: aws-prod-2@example.com}\n"),
    ))  # fmt: skip
    assert lines[:3] == [
        "### org-iam plan diff: stack `staging`",
        "",
        "**15 to create, 0 to delete, 0 to change; access: 3 gained, 0 lost; 1 warning(s)**",
    ]
    assert (
        "- A new AWS account `prod-2` is created: it can be closed later, but never deleted or uncreated."
        in lines
    )
    assert "| gains | sre | Ops | prod-2 |" in lines
    assert "| gains | engineers | ReadOnly | prod-2 |" in lines
    assert "| gains | break-glass users | BreakGlassAdmin | prod-2 |" in lines
    assert "| + | `prod-2` | AWS account |" in lines
    assert "| + | `Ops:sre@prod-2` | Identity Center account assignment |" in lines
    assert "| + | `prod-2:us-west-2` | EBS encryption by default |" in lines
    assert not [line for line in lines if "loses" in line]


def test_raising_a_session_length(tmp_path, base_plan, capsys):
    lines = _markdown(tmp_path, base_plan, capsys, _edited(
        ("    session_duration: 4h\n    managed_policies: [job-function/SystemAdministrator]",
         "    session_duration: 8h\n    managed_policies: [job-function/SystemAdministrator]"),
    ))  # fmt: skip
    assert lines[2] == (
        "**0 to create, 0 to delete, 1 to change; access: 0 gained, 0 lost; nothing destructive**"
    )
    assert "- `Ops` (Identity Center permission set): `sessionDuration` `PT4H` → `PT8H`" in lines
    assert "#### Access" not in lines and "#### Cannot be undone, or stops `pulumi up`" not in lines


def test_removing_a_sandbox(tmp_path, base_plan, capsys):
    lines = _markdown(tmp_path, base_plan, capsys, _edited(
        (SANDBOX_OU, "    scps: [baseline]\n"), (SANDBOX_ACCOUNT, ""),
    ))  # fmt: skip
    assert lines[2] == (
        "**0 to create, 14 to delete, 0 to change; access: 0 gained, 2 lost; 1 warning(s)**"
    )
    assert lines[4:7] == [
        "#### Cannot be undone, or stops `pulumi up`",
        "",
        "- AWS account `sandbox-ana` will be closed (close_on_deletion): this cannot be undone "
        "by Pulumi; AWS deletes it for good after 90 days, and only AWS Support can reopen it "
        "before then.",
    ]
    assert "| **loses** | engineers | Developer | sandbox-ana |" in lines
    assert "| **loses** | break-glass users | BreakGlassAdmin | sandbox-ana |" in lines
    assert "| − | `sandbox-ana` | AWS account |" in lines


def test_removing_a_protected_account_says_pulumi_up_stops(tmp_path, base_plan, capsys):
    lines = _markdown(tmp_path, base_plan, capsys, _edited(
        ("    scps: [baseline]\n    accounts: [dev]\n", "    scps: [baseline]\n"),
        ("  dev: {email: aws-dev@example.com}\n", ""),
        ("  - group: admins\n    permission_set: Admin\n    accounts: [dev]\n", ""),
    ))  # fmt: skip
    assert (
        "- AWS account `dev` is protected: `pulumi up` refuses to delete it and stops part-way, "
        "after other changes may already be applied. Keep it in the blueprint, or unprotect it "
        "on purpose first (`pulumi state unprotect`)."
    ) in lines
    assert "| **loses** | admins | Admin | dev |" in lines


def test_json_diff_carries_the_same_facts(tmp_path, base_plan, capsys):
    capsys.readouterr()
    text = _edited((SANDBOX_OU, "    scps: [baseline]\n"), (SANDBOX_ACCOUNT, ""))
    assert _plan(tmp_path, "head", text, "--diff", str(base_plan), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["diff"]["summary"] == {"create": 0, "delete": 14, "rename": 0, "update": 0,
                                         "access_gained": 0, "access_lost": 2, "warnings": 1}  # fmt: skip
    assert report["diff"]["changes"][0]["name"] == "sandbox-ana"
    assert report["diff"]["changes"][0]["action"] == "delete"
    assert report["policy_pack"]["mandatory_violations"] == 0


def test_text_diff_comes_before_the_summary(tmp_path, base_plan, capsys):
    capsys.readouterr()
    text = _edited(("    session_duration: 4h\n    managed_policies: [job-function/SystemAdministrator]",
                    "    session_duration: 8h\n    managed_policies: [job-function/SystemAdministrator]"))  # fmt: skip
    assert _plan(tmp_path, "head", text, "--diff", str(base_plan)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Changes: 0 to create, 0 to delete, 1 to change;")
    assert "      sessionDuration: `PT4H` → `PT8H`" in out
    assert out.index("Changes:") < out.index("org-iam plan — stack staging")


def test_policy_documents_are_diffed_statement_by_statement():
    old = {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyRootUser", "Effect": "Deny", "Action": "*", "Resource": "*"},
        {"Sid": "Gone", "Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*"},
        {"Sid": "Edited", "Effect": "Deny", "Action": ["iam:CreateUser", "iam:CreateAccessKey"], "Resource": "*"},
    ]}  # fmt: skip
    new = {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyRootUser", "Effect": "Deny", "Action": "*", "Resource": "*"},
        {"Sid": "Edited", "Effect": "Deny", "Action": ["iam:CreateUser", "iam:CreateLoginProfile"], "Resource": "*",
         "Condition": {"Bool": {"aws:ViaAWSService": "false"}}},
        {"Sid": "New", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"},
    ]}  # fmt: skip
    assert statement_changes(old, new) == (
        "statement `New` added",
        "statement `Gone` removed",
        "statement `Edited` changed: Action +`iam:CreateLoginProfile` -`iam:CreateAccessKey`; "
        'Condition `null` → `{"Bool":{"aws:ViaAWSService":"false"}}`',
    )
    urn = "urn:pulumi:s::p::aws:organizations/policy:Policy::guard"
    export = lambda doc: {"deployment": {"resources": [  # noqa: E731
        {"urn": urn, "type": "aws:organizations/policy:Policy", "inputs": {"content": json.dumps(doc)}}]}}  # fmt: skip
    (change,) = compare(export(old), export(new)).changes
    assert change.properties[0].name == "content" and len(change.properties[0].statements) == 3


def _account(name: str, **options) -> dict:
    return {"urn": f"urn:pulumi:s::p::aws:organizations/account:Account::{name}",
            "type": "aws:organizations/account:Account", "id": "123456789012",
            "inputs": {"closeOnDeletion": True}, **options}  # fmt: skip


def test_closing_names_the_real_id_only_when_the_export_is_real():
    deployed = {"deployment": {"manifest": {"time": "t"}, "resources": [_account("box")]}}
    offline = {
        "deployment": {
            "manifest": {"magic": "org-iam-offline-plan"},
            "resources": [_account("box")],
        }
    }
    empty = {"deployment": {"resources": []}}
    (real,) = compare(deployed, empty).warnings
    assert real.startswith("AWS account `box` (123456789012) will be closed (close_on_deletion)")
    (planned,) = compare(offline, empty).warnings
    assert planned.startswith("AWS account `box` will be closed")


def test_markdown_needs_a_diff(tmp_path, capsys):
    assert main(["plan", "--stack", "staging", "--format", "markdown", "--out", str(tmp_path)]) == 2
    assert "--format markdown shows a diff" in capsys.readouterr().err
