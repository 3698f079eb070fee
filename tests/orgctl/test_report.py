"""`orgctl report`: the evidence pack from an export, self-contained, complete, and shown in a
real browser without console messages."""

from __future__ import annotations

import csv
import re
from html import escape

import pytest

from orgctl.cli import main
from orgctl.evidence.controls import CHECKLIST, CONTROLS
from orgctl.screenshot import open_page
from tests.conftest import REPO, TODAY


@pytest.fixture(scope="module")
def evidence(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["plan", "--stack", "prod", "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    assert (
        main(
            [
                "report",
                "--stack",
                "prod",
                "--from-export",
                str(out / "prod" / "plan.json"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return out / "prod" / "evidence"


def test_report_is_self_contained(evidence):
    html = (evidence / "index.html").read_text()
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"\b(src|href)\s*=", html)
    assert "<svg" in html and "[PCI]" in html


def test_every_control_in_scope_and_the_seed_checklist_are_reported(evidence):
    rows = list(csv.DictReader((evidence / "controls.csv").open()))
    assert [(r["framework"], r["control"]) for r in rows] == [
        (c.framework, c.control) for c in CONTROLS
    ]
    assert {r["status"] for r in rows} <= {"pass", "fail", "manual"}
    assert all(r["auditor_should_also_ask_for"] for r in rows)
    html = (evidence / "index.html").read_text()
    assert all(escape(item) in html for item, _, _ in CHECKLIST)
    root = next(r for r in rows if r["control"] == "CC6.1")
    assert "DenyRootUser" in root["scp_sids"] and "iam-no-admin-wildcard" in root["policies"]


def test_access_matrix_lists_every_grant(evidence):
    rows = list(csv.DictReader((evidence / "access-matrix.csv").open()))
    assert len(rows) == 70
    pci = [r for r in rows if r["pci_scope"] == "yes"]
    assert pci and all(r["permission_set"] != "Admin" for r in pci)


def test_a_failing_policy_turns_its_controls_to_fail(tmp_path):
    seeded = REPO / "tests" / "fixtures" / "blueprints" / "seeded-violation.yaml"
    main(
        [
            "plan",
            "--stack",
            "staging",
            "--blueprint",
            str(seeded),
            "--today",
            TODAY.isoformat(),
            "--out",
            str(tmp_path),
        ]
    )
    assert (
        main(
            [
                "report",
                "--stack",
                "staging",
                "--from-export",
                str(tmp_path / "staging" / "plan.json"),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    rows = {
        r["control"]: r["status"]
        for r in csv.DictReader((tmp_path / "staging" / "evidence" / "controls.csv").open())
    }
    assert rows["CC6.3"] == "fail" and rows["7.2.x"] == "fail"


def test_report_opens_in_chromium_without_console_messages(evidence):
    shots = REPO / "out" / "browser-test"
    shots.mkdir(parents=True, exist_ok=True)
    check = open_page(evidence / "index.html", shots / "evidence-prod.png")
    assert check.console == []
    assert check.screenshot.stat().st_size > 20_000


def test_the_console_check_would_catch_a_script_error(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><script>console.error("boom")</script></body></html>'
    )
    check = open_page(page, tmp_path / "bad.png", size=(400, 300))
    assert any("boom" in line for line in check.console)


def test_report_from_something_that_is_not_an_export_exits_2(tmp_path, capsys):
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"not": "an export"}')
    assert main(["report", "--from-export", str(garbage), "--out", str(tmp_path)]) == 2
    assert (
        main(["report", "--from-export", str(tmp_path / "absent.json"), "--out", str(tmp_path)])
        == 2
    )
    assert main(["report", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read the input" in err and "Traceback" not in err
    assert not (tmp_path / "garbage" / "evidence").exists()
