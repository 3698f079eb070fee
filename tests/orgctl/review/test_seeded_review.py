"""`orgctl review` on the planted organization (tests/orgctl/review/seeded.py) flags every
planted case and nothing else, each with its control ids. Creation and last-use dates IAM's API
cannot set are written into moto's own IAM model (see conftest.py)."""

from __future__ import annotations

import contextlib
import csv
import io
import json

from orgctl.cli import main
from tests.orgctl.review.seeded import AS_OF, EXPECTED, write_test_record


def review(*argv: str) -> tuple[int, str]:
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main(["review", "--as-of", AS_OF.isoformat(), *argv])
    return code, printed.getvalue()


def flags_of(document: dict) -> set[tuple[str, str, str]]:
    return {
        (flag["code"], line["account"], line["principal"])
        for line in document["lines"]
        for flag in line["flags"]
    }


def test_review_flags_every_planted_case_and_nothing_else(seeded_org, tmp_path):
    code, printed = review(
        "--format", "json", "--break-glass-tests", write_test_record(tmp_path / "t.csv")
    )
    document = json.loads(printed)
    assert code == 1
    assert flags_of(document) == EXPECTED
    assert document["frameworks"]["pci-dss-4.0"] == "PCI DSS v4.0.1"
    no_exact_pci = {"old-access-key", "unused-credential", "break-glass-test-overdue"}
    assert document["flag_kinds"]["old-access-key"]["references"] == [
        "CIS AWS Foundations 3.0 1.14"
    ]
    for line in document["lines"]:
        for flag in line["flags"]:
            assert flag["controls"], flag
            has_pci = any(c.startswith("pci-dss-4.0:") for c in flag["controls"])
            assert has_pci != (flag["code"] in no_exact_pci), flag
            assert any(c.startswith("soc2:") for c in flag["controls"])


def test_without_a_test_record_every_break_glass_use_and_the_test_cadence_are_flagged(seeded_org):
    code, printed = review("--format", "json")
    found = flags_of(json.loads(printed))
    assert code == 1
    assert found - EXPECTED == {
        ("break-glass-use", "master", "breakglass-1"),
        ("break-glass-use", "prod", "BreakGlassAdmin"),  # used on the day of the test
        ("break-glass-test-overdue", "master", "breakglass-1"),
        ("break-glass-test-overdue", "master", "breakglass-2"),
    }


def test_a_test_older_than_a_quarter_is_overdue(seeded_org, tmp_path):
    record = tmp_path / "tests.csv"
    record.write_text(
        "date,user,ticket\n2026-08-01,breakglass-1,CHG-1\n2026-11-18,breakglass-2,x\n"
    )
    _code, printed = review("--format", "json", "--break-glass-tests", str(record))
    found = flags_of(json.loads(printed))
    # breakglass-2's use on 2026-11-18 is now a recorded test, and that test is recent
    assert ("break-glass-use", "master", "breakglass-2") not in found
    assert ("break-glass-test-overdue", "master", "breakglass-2") not in found
    record.write_text("date,user,ticket\n2026-08-01,breakglass-1,CHG-1\n")
    found = flags_of(json.loads(review("--format", "json", "--break-glass-tests", str(record))[1]))
    assert ("break-glass-test-overdue", "master", "breakglass-2") in found


def test_text_lists_each_flag_with_its_controls(seeded_org, tmp_path):
    code, printed = review("--break-glass-tests", write_test_record(tmp_path / "t.csv"))
    assert code == 1
    assert "4 account(s)" in printed
    assert (
        "dev (" in printed
        and "outside-trust: role 'VendorAudit' in 'dev' trusts arn:aws:iam::999999999999:root"
        in printed
    )
    assert "[PCI DSS v4.0.1 8.2.6; SOC 2 CC6.2]" in printed
    assert "ci-fresh" not in printed  # an unflagged line is in the pack, not in the flag list


def test_people_sessions_and_owners_are_listed(seeded_org, tmp_path):
    _code, printed = review(
        "--format", "csv", "--break-glass-tests", write_test_record(tmp_path / "t")
    )
    rows = list(csv.DictReader(io.StringIO(printed)))
    ben = [r for r in rows if r["principal"] == "ben"]
    assert {(r["account"], r["via"], r["access"], r["session"], r["owner"]) for r in ben} == {
        ("prod", "AWS-Engineers", "ReadOnly", "PT8H", "payments-lead"),
        ("dev", "AWS-Engineers", "Developer", "PT4H", "platform-lead"),
    }
    assert all(r["decision"] == r["reviewer"] == r["review_date"] == "" for r in rows)
