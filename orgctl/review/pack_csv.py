"""The review as CSV, one file per account owner: a line per person and access, with the flags,
their controls, and empty columns for the reviewer's decision (keep/remove), name and date.
Spreadsheet-safe: a cell starting with = + - @ is prefixed with ' so it is never a formula."""

from __future__ import annotations

import csv
import io
import re

from orgctl.review.model import AccessLine

KEY_COLUMNS = ("account_id", "access_type", "principal", "via", "access")
COLUMNS = (
    "account_id",
    "account",
    "owner",
    "environment",
    "access_type",
    "principal",
    "display_name",
    "via",
    "access",
    "session",
    "last_used",
    "flags",
    "controls",
    "change",
    "decision",
    "reviewer",
    "review_date",
)
DECISIONS = ("keep", "remove")
NO_OWNER = "no-owner"


def safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def unsafe_cell(value: str) -> str:
    """The value as it was before `safe_cell`."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


def row(line: AccessLine, change: str = "") -> dict[str, str]:
    controls = sorted({flag.controls for flag in line.flags})
    values = {
        **line.columns(),
        "flags": " | ".join(f"{flag.code}: {flag.message}" for flag in line.flags),
        "controls": " | ".join(controls),
        "change": change,
        "decision": "",
        "reviewer": "",
        "review_date": "",
    }
    return {key: safe_cell(value) for key, value in values.items()}


def to_csv(lines: list[AccessLine], changes: dict[tuple, str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in lines:
        writer.writerow(row(line, (changes or {}).get(line.key, "")))
    return out.getvalue()


def owner_file_name(owner: str) -> str:
    """`review-<owner>.csv`, the owner reduced to letters, digits, dots, dashes and underscores."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", owner).strip("-.") or NO_OWNER
    return f"review-{slug}.csv"
