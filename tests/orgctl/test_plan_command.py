"""`orgctl plan`: the summary, plan.json in the export shape, exit codes, determinism, --diff."""

from __future__ import annotations

import json
import re

import pytest

from orgctl.cli import main
from tests.conftest import FIXTURES, TODAY

SEEDED = FIXTURES / "blueprints" / "seeded-violation.yaml"


@pytest.fixture
def prod_plan(prod_plan_command):
    """The session's `orgctl plan --stack prod`: exit status, plan.json, what it printed."""
    return prod_plan_command.status, prod_plan_command.plan, prod_plan_command.printed


def test_prod_plan_exits_0_and_writes_the_export_shape(prod_plan):
    status, path, _ = prod_plan
    assert status == 0
    export = json.loads(path.read_text())
    assert export["version"] == 3
    resources = export["deployment"]["resources"]
    account = next(
        r
        for r in resources
        if r["type"] == "aws:organizations/account:Account" and r["urn"].endswith("::prod-app-1")
    )
    assert {
        "urn",
        "type",
        "custom",
        "id",
        "inputs",
        "outputs",
        "parent",
        "provider",
        "protect",
        "retainOnDelete",
        "dependencies",
        "propertyDependencies",
    } <= set(account)
    assert account["protect"] is True
    assert account["urn"] == (
        "urn:pulumi:prod::org-iam::org-iam:org:OrganizationFoundation$org-iam:org:MemberAccounts"
        "$aws:organizations/account:Account::prod-app-1"
    )
    assert account["provider"].startswith(
        "urn:pulumi:prod::org-iam::org-iam:org:OrganizationFoundation$pulumi:providers:aws::management::"
    )
    bucket = next(
        r
        for r in resources
        if r["type"] == "aws:s3/bucket:Bucket" and r["urn"].endswith("::log-archive")
    )
    assert bucket["retainOnDelete"] is True


def test_prod_plan_prints_tree_access_alarms_and_policy_results(prod_plan):
    status, _, out = prod_plan
    assert status == 0
    assert "│   └── CardholderData (production, PCI)  [SCP pci-guard" in out
    assert "slots 2/10" in out
    assert "dbas                DBA            → dev-data, pci-payments" in out
    assert "23 metric filters with alarms" in out
    assert "Policy pack: 0 mandatory violation(s)" in out


def test_summary_shows_inherited_scps_break_glass_and_one_resource_line(prod_plan):
    status, path, out = prod_plan
    assert status == 0
    pci = next(line for line in out.splitlines() if "CardholderData (production, PCI)" in line)
    # Composed policy names follow the library's packing; what matters is where they come from.
    assert re.search(
        r"\[SCP pci-guard [^;]*; slots 2/10; inherited [^;\]]*production-guard[^;\]]* from Production\]$",
        pci,
    )
    archive = next(line for line in out.splitlines() if "log-archive (adopt" in line)
    assert "SCP log-archive-guard" in archive
    assert re.search(r"; inherited [^;\]]*region-guard[^;\]]* from Security\]$", archive)
    assert (
        "  break-glass users   BreakGlassAdmin → every account (IAM role for breakglass-1, "
        "breakglass-2; MFA at most 3600 s old; every use alerts security-critical)"
    ) in out
    resources = out.split("\nResources\n", 1)[1].split("\n\n", 1)[0].splitlines()
    export = json.loads(path.read_text())
    count = sum(1 for r in export["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack")
    assert len(resources) == 1 and resources[0].startswith(f"  {count} resources (")
    assert "70 Identity Center account assignment" in resources[0] and "aws:" not in resources[0]
    assert len(out.splitlines()) < 65


def test_the_same_blueprint_gives_a_byte_identical_plan(prod_plan, tmp_path):
    _, first, _ = prod_plan
    assert (
        main(["plan", "--stack", "prod", "--today", TODAY.isoformat(), "--out", str(tmp_path)]) == 0
    )
    assert (tmp_path / "prod" / "plan.json").read_bytes() == first.read_bytes()


def test_seeded_policy_violation_exits_1_naming_the_policy(tmp_path, capsys):
    status = main(
        [
            "plan",
            "--stack",
            "staging",
            "--blueprint",
            str(SEEDED),
            "--today",
            TODAY.isoformat(),
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert status == 1
    assert "[mandatory] sso-privileged-set-requires-boundary: Admin:" in out


def test_invalid_blueprint_exits_1_with_located_errors(tmp_path, capsys):
    broken = FIXTURES / "broken" / "unknown-group.yaml"
    status = main(
        ["plan", "--stack", "staging", "--blueprint", str(broken), "--out", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert status == 1
    assert "unknown-group.yaml:69:12: assignments[2].group: unknown group 'enginers'" in out
    assert not (tmp_path / "staging" / "plan.json").exists()


def test_unknown_stack_exits_2(tmp_path, capsys):
    assert main(["plan", "--stack", "nope", "--out", str(tmp_path)]) == 2
    assert "Pulumi.nope.yaml: no such stack" in capsys.readouterr().err


def test_diff_shows_resources_and_access_gained_or_lost(
    prod_plan, tmp_path, capsys, write_blueprint
):
    staging_out = tmp_path / "before"
    assert (
        main(
            [
                "plan",
                "--stack",
                "staging",
                "--blueprint",
                str(write_blueprint()),
                "--today",
                TODAY.isoformat(),
                "--out",
                str(staging_out),
            ]
        )
        == 0
    )
    widened = write_blueprint(
        ("    accounts: [dev]\nbreak_glass", "    accounts: [dev, prod]\nbreak_glass"),
        name="widened.yaml",
    )
    capsys.readouterr()
    status = main(["plan", "--stack", "staging", "--blueprint", str(widened), "--today", TODAY.isoformat(),
                   "--out", str(tmp_path / "after"), "--diff", str(staging_out / "staging" / "plan.json")])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert "access: 1 gained, 0 lost" in out
    assert "gains: Admin:admins@prod" in out
    assert "+ Identity Center account assignment  Admin:admins@prod" in out


def test_diff_against_an_unreadable_plan_exits_2(tmp_path, capsys):
    bad = tmp_path / "old.json"
    bad.write_text("{not json")
    assert main(["plan", "--stack", "staging", "--diff", str(bad), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "orgctl plan:" in err and "Traceback" not in err
