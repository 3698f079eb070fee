"""Every command answers in the format it was asked for, errors included: under
`--format json` a tool always gets JSON on stdout (exit 2 for usage and I/O errors), and the
console command reports its version."""

from __future__ import annotations

import json
import tomllib

import pytest

from orgctl import __version__
from orgctl.cli import main
from tests.conftest import REPO


def _json_error(capsys, argv: list[str]) -> dict:
    capsys.readouterr()
    assert main(argv) == 2
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    assert "Traceback" not in captured.err
    return answer


def test_console_script_and_version(capsys):
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["orgctl"] == "orgctl.cli:main"
    assert project["version"] == __version__
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"orgctl {__version__}"


def test_plan_errors_are_json(capsys, tmp_path):
    answer = _json_error(
        capsys, ["plan", "--stack", "nope", "--format", "json", "--out", str(tmp_path)]
    )
    assert answer["command"] == "plan" and "Pulumi.nope.yaml: no such stack" in answer["error"]


def test_report_errors_are_json(capsys, tmp_path):
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    answer = _json_error(
        capsys,
        ["report", "--from-export", str(garbage), "--format", "json", "--out", str(tmp_path)],
    )
    assert answer["command"] == "report" and answer["error"].startswith("cannot read the input")
    answer = _json_error(capsys, ["report", "--format", "json"])
    assert answer["error"] == "give --stack, --from-export or both"


def test_check_errors_are_json(capsys, tmp_path):
    answer = _json_error(capsys, ["check", str(tmp_path / "absent.json"), "--format", "json"])
    assert answer["command"] == "check" and "cannot read the plan" in answer["error"]


def test_usage_errors_are_json_when_json_was_asked_for(capsys):
    answer = _json_error(capsys, ["plan", "--format", "json"])
    assert answer["command"] == "usage" and "--stack" in answer["error"]
    capsys.readouterr()
    assert main(["plan", "--format", "yaml"]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def test_preflight_credential_errors_are_json_and_say_how_to_fix(capsys, no_credentials):
    answer = _json_error(
        capsys, ["preflight", "--stack", "staging", "--format", "json", "--today", "2026-11-28"]
    )
    assert answer["command"] == "preflight"
    assert answer["error"].startswith("no AWS credentials found. Run with read-only credentials")
    assert "AWS_PROFILE" in answer["error"] and "docs/preflight.md" in answer["error"]
