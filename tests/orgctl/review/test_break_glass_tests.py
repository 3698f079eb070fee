"""The break-glass test record file."""

from __future__ import annotations

import datetime

import pytest

from orgctl.review.break_glass_tests import RecordedTest, RecordError, read_records


def test_records_are_read_and_sorted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("date,user,ticket\n2026-11-02,bg-2,B\n2026-08-01,bg-1,\n")
    assert read_records(str(path)) == [
        RecordedTest(datetime.date(2026, 8, 1), "bg-1", ""),
        RecordedTest(datetime.date(2026, 11, 2), "bg-2", "B"),
    ]


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("when,user\n2026-11-02,bg-2\n")
    with pytest.raises(RecordError, match=r"t.csv:1: .*missing date"):
        read_records(str(path))


def test_an_empty_user_is_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("date,user\n2026-11-02,\n")
    with pytest.raises(RecordError, match=r"t.csv:2: user: empty"):
        read_records(str(path))
