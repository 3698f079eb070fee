"""Bad input ends in exit 2 with one clear line naming the file, line and field, never a
traceback; a clean organization exits 0."""

from __future__ import annotations

import json

import pytest

from tests.orgctl.review.test_seeded_review import review


def _error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert err.count("\n") == 0, err
    return err


def test_unreadable_previous_csv(seeded_org, tmp_path, capsys):
    code, printed = review("--previous", str(tmp_path / "missing.csv"))
    assert code == 2 and printed == ""
    assert _error(capsys).startswith(f"orgctl review: cannot read {tmp_path / 'missing.csv'}: ")


def test_previous_csv_with_a_bad_decision_names_line_and_field(seeded_org, tmp_path, capsys):
    review("--out", str(tmp_path))
    signed = tmp_path / "review-platform-lead.csv"
    lines = signed.read_text().splitlines()
    lines[2] = lines[2][: -len(",,,")] + ",maybe,Pat,2026-11-30"
    signed.write_text("\n".join(lines) + "\n")
    code, _ = review("--previous", str(signed))
    assert code == 2
    assert _error(capsys) == (
        f"orgctl review: {signed}:3: decision: 'maybe' is neither keep nor remove"
    )


def test_previous_csv_decision_without_a_date(seeded_org, tmp_path, capsys):
    review("--out", str(tmp_path))
    signed = tmp_path / "review-platform-lead.csv"
    lines = signed.read_text().splitlines()
    lines[1] = lines[1][: -len(",,,")] + ",keep,Pat,30/11/2026"
    signed.write_text("\n".join(lines) + "\n")
    assert review("--previous", str(signed))[0] == 2
    assert f"{signed}:2: review_date: '30/11/2026' is not a date (YYYY-MM-DD)" in _error(capsys)


def test_a_csv_that_is_not_a_review(seeded_org, tmp_path, capsys):
    other = tmp_path / "other.csv"
    other.write_text("name,value\na,b\n")
    assert review("--previous", str(other))[0] == 2
    assert f"{other}:1: not a review CSV" in _error(capsys)


@pytest.mark.parametrize("date", ["2026-13-01", "yesterday", "2026-02-30"])
def test_bad_as_of_date(date, capsys):
    from orgctl.cli import main

    assert main(["review", "--as-of", date]) == 2
    assert _error(capsys) == f"orgctl review: --as-of: '{date}' is not a date (YYYY-MM-DD)"


def test_bad_as_of_date_in_json(capsys):
    from orgctl.cli import main

    assert main(["review", "--as-of", "soon", "--format", "json"]) == 2
    assert "not a date" in json.loads(capsys.readouterr().out)["error"]


def test_bad_break_glass_test_record(seeded_org, tmp_path, capsys):
    record = tmp_path / "tests.csv"
    record.write_text("date,user,ticket\n2026-11-01,breakglass-1,A\n01.11.2026,breakglass-2,B\n")
    assert review("--break-glass-tests", str(record))[0] == 2
    assert _error(capsys) == (
        f"orgctl review: {record}:3: date: '01.11.2026' is not a date (YYYY-MM-DD)"
    )


def test_dry_run_alone_is_a_usage_error(capsys):
    from orgctl.cli import main

    assert main(["review", "--dry-run"]) == 2
    assert "--dry-run goes with --disable-unused" in _error(capsys)
