"""`orgctl import` against moto's server seeded with a brownfield organization: the blueprint it
writes validates, library statements are recognised, and every place where the organization
differs from what a blueprint can say is commented in the file and told apart in the summary."""

from __future__ import annotations

import json

import pytest
import yaml

from blueprint import check_blueprint
from orgctl.cli import main
from program.domain_checks import DOMAIN_CHECKS
from tests import brownfield as seed
from tests.conftest import TODAY


def run_import(path, *extra) -> int:
    return main(["import", "--out", str(path), "--today", TODAY.isoformat(), *extra])


@pytest.fixture(scope="module")
def adopted(brownfield_org, tmp_path_factory):
    """(exit code, JSON summary, blueprint text, blueprint data) of one import."""
    import contextlib
    import io

    path = tmp_path_factory.mktemp("import") / "adopted.yaml"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = run_import(path, "--format", "json")
    text = path.read_text()
    return code, json.loads(printed.getvalue()), text, yaml.safe_load(text), path


def test_the_blueprint_validates(adopted):
    code, summary, _, data, path = adopted

    assert code == 0
    assert summary["valid"] is True
    assert check_blueprint(str(path), today=TODAY, extra_checks=DOMAIN_CHECKS).ok
    assert data["organization"]["id"].startswith("o-")
    assert summary["imported"] == {
        "organizational_units": 6,
        "accounts": 14,
        "service_control_policies": 4,
        "permission_sets": 5,
        "groups": 5,
        "assignments": 5,
    }


def test_accounts_keep_their_ids_and_places(adopted, brownfield_org):
    *_, data, _ = adopted

    assert data["accounts"]["prod-data"]["id"] == brownfield_org.account_ids["prod-data"]
    production = data["organizational_units"]["Workloads"]["children"]["Production"]
    assert production["accounts"] == ["prod-app-1", "prod-app-2", "prod-data"]
    assert production["children"]["CardholderData"]["accounts"] == ["pci-payments", "pci-vault"]
    assert seed.AT_ROOT not in data["accounts"]


def test_live_statements_matching_the_library_become_references(adopted):
    *_, data, _ = adopted

    scps = data["service_control_policies"]
    # Live Sid 'NoLeaving' and whitespace do not matter: same effect, same library statement.
    assert scps["baseline"] == {
        "description": "Hand-made baseline",
        "statements": [
            "DenyLeaveOrganization",
            "DenyRootUser",
            "ProtectCloudTrail",
            "ProtectAccessRoles",
        ],
    }
    (region_lock,) = scps["region-lock"]["custom_statements"]
    assert region_lock["Sid"] == "RegionLock11"  # the live statement has none
    assert "statements" not in scps["region-lock"]
    assert data["accounts"]["prod-data"]["scps"] == ["data-no-iam-users"]
    cardholder = data["organizational_units"]["Workloads"]["children"]["Production"]["children"]
    assert cardholder["CardholderData"]["scps"] == ["retired-services"]


def test_group_names_come_from_the_identity_store(adopted):
    *_, data, _ = adopted

    assert {g["display_name"] for g in data["groups"].values()} == set(seed.GROUPS)
    readonly = next(a for a in data["assignments"] if a["permission_set"] == "ReadOnly")
    assert readonly == {"group": "AWS-ReadOnly", "permission_set": "ReadOnly", "ous": ["Workloads"]}


def test_the_summary_tells_the_kinds_of_difference_apart(adopted):
    _, summary, *_ = adopted

    kinds = {}
    for note in summary["notes"]:
        kinds.setdefault(note["kind"], []).append(note["message"])
    cannot = " | ".join(kinds["cannot-express"])
    breaks = " | ".join(kinds["breaks-rule"])
    assert "assigned to the user 'alice' in prod-app-1" in cannot
    assert f"account '{seed.AT_ROOT}'" in cannot and "is at the root" in cannot
    assert "SCP 'sandbox-services' has a statement of" in cannot
    assert f"IAM user '{seed.EXTRA_IAM_USER}'" in cannot
    assert "'DataEngineer' names no session length" in breaks
    assert "'AdministratorAccess' is administrator-level without a permissions boundary" in breaks
    assert "'PowerUser'" not in breaks and "'ReadOnly'" not in breaks
    assert len(kinds["cannot-express"]) == 4
    assert len(kinds["breaks-rule"]) == 2


def test_each_difference_is_a_comment_where_it_applies(adopted):
    _, _, text, *_ = adopted

    lines = text.splitlines()
    session = lines.index("  DataEngineer:")
    assert "names no session length" in " ".join(lines[session - 3 : session])
    assignments = lines.index("assignments:")
    assert "the user 'alice'" in " ".join(lines[assignments - 4 : assignments])
    scps = lines.index("service_control_policies:")
    assert "'sandbox-services'" in " ".join(lines[scps - 4 : scps])


def test_a_second_import_writes_the_same_bytes(adopted, tmp_path):
    *_, path = adopted

    assert run_import(tmp_path / "again.yaml") == 0
    assert (tmp_path / "again.yaml").read_text() == path.read_text()


def test_unusable_credentials_exit_2_with_a_json_error(monkeypatch, tmp_path, capsys):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code = run_import(tmp_path / "x.yaml", "--format", "json")

    captured = capsys.readouterr()
    assert code == 2
    assert "cannot call STS" in json.loads(captured.out)["error"]
    assert "Traceback" not in captured.err
    assert not (tmp_path / "x.yaml").exists()
