"""`orgctl validate`: exit codes 0/1/2 and the JSON shape CI consumes."""

from __future__ import annotations

import json

from orgctl.cli import main
from tests.conftest import FIXTURES, PROD, STAGING

BROKEN_GROUP = FIXTURES / "broken" / "unknown-group.yaml"


def test_valid_blueprints_exit_0(capsys):
    assert main(["validate", "--today", "2026-11-28", str(PROD), str(STAGING)]) == 0
    err = capsys.readouterr().err
    assert "blueprints/prod.yaml: valid (20 accounts" in err


def test_errors_exit_1_and_json_lists_located_findings(capsys):
    assert main(["validate", "--format", "json", str(BROKEN_GROUP)]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding == {
        "file": str(BROKEN_GROUP),
        "line": 69,
        "column": 12,
        "path": "assignments[2].group",
        "message": "unknown group 'enginers' (did you mean 'engineers'?)",
        "severity": "error",
    }


def test_missing_file_exits_2_even_beside_errors(capsys, tmp_path):
    assert main(["validate", str(BROKEN_GROUP), str(tmp_path / "absent.yaml")]) == 2
    out = capsys.readouterr().out
    assert f"{tmp_path / 'absent.yaml'}: no such file" in out


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["validate"]) == 2
    assert main(["validate", "--today", "tomorrow", str(PROD)]) == 2
    assert main(["frobnicate"]) == 2


def test_warnings_alone_exit_0(capsys):
    assert main(["validate", "--today", "2026-12-25", str(PROD)]) == 0
    out = capsys.readouterr().out
    assert "warning: accounts.sandbox-asha.expires" in out
