"""The CSV never carries a spreadsheet formula, and reads back as written."""

from __future__ import annotations

from orgctl.review.pack_csv import owner_file_name, safe_cell, unsafe_cell


def test_formula_cells_are_quoted_and_restored():
    for value in ("=HYPERLINK(1)", "+1", "-2", "@sum"):
        assert safe_cell(value) == "'" + value
        assert unsafe_cell(safe_cell(value)) == value
    assert safe_cell("alice") == "alice"
    assert unsafe_cell("'quoted") == "'quoted"


def test_owner_file_names():
    assert (
        owner_file_name("Pat Manager <pat@example.com>") == "review-Pat-Manager-pat-example.com.csv"
    )
    assert owner_file_name("") == "review-no-owner.csv"
    assert owner_file_name("../..") == "review-no-owner.csv"
