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


def _many_unplaced_accounts(write_blueprint, count: int):
    extra = "".join(
        f"  extra-{i:05d}: {{email: extra-{i:05d}@example.com}}\n" for i in range(count)
    )
    return write_blueprint(("accounts:\n", "accounts:\n" + extra))


def test_a_rule_broken_10000_times_prints_three_and_a_count(write_blueprint, capsys):
    path = _many_unplaced_accounts(write_blueprint, 10_000)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 4
    assert all("is not placed in any OU" in line for line in lines[:3])
    assert lines[3] == f"{path}: ... and 9,997 more of the same rule"
    assert f"{path}: 10000 error(s)" in captured.err  # the count is of every finding


def test_json_summarises_the_same_way_and_counts_what_it_omits(write_blueprint, capsys):
    path = _many_unplaced_accounts(write_blueprint, 1_000)
    assert main(["validate", "--format", "json", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert len(findings) == 4
    assert "omitted" not in findings[0]
    assert findings[3] == {
        "file": str(path),
        "line": 0,
        "column": 0,
        "path": "",
        "message": "... and 997 more of the same rule",
        "severity": "error",
        "omitted": 997,
    }


def test_four_findings_of_a_rule_are_all_printed(write_blueprint, capsys):
    path = _many_unplaced_accounts(write_blueprint, 4)
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert all("is not placed in any OU" in line for line in lines)
