"""The break-glass test record: the runbook's quarterly tests as the access register notes
them, one CSV line per test (`date,user,ticket`). AWS keeps no record of which sign-in was a
test, so this file is what tells a test from an unexplained use."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("date", "user", "ticket")


class RecordError(ValueError):
    """One sentence naming the file, line and field."""


@dataclass(frozen=True, order=True)
class RecordedTest:
    date: datetime.date
    user: str
    ticket: str = ""


def read_records(path: str) -> list[RecordedTest]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"cannot read {path}: {error}") from None
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS[:2] if c not in (rows.fieldnames or [])]
    if missing:
        raise RecordError(
            f"{path}:1: the header must name the columns {', '.join(COLUMNS)}; "
            f"missing {', '.join(missing)}"
        )
    records = []
    for line, row in enumerate(rows, start=2):
        text_date = (row.get("date") or "").strip()
        try:
            date = datetime.date.fromisoformat(text_date)
        except ValueError:
            raise RecordError(
                f"{path}:{line}: date: '{text_date}' is not a date (YYYY-MM-DD)"
            ) from None
        user = (row.get("user") or "").strip()
        if not user:
            raise RecordError(f"{path}:{line}: user: empty; name the break-glass user tested")
        records.append(RecordedTest(date, user, (row.get("ticket") or "").strip()))
    return sorted(records)
