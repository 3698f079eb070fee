"""Last quarter's signed review (one owner's CSV) against this quarter's: access that is new,
access that is gone, and access a reviewer marked 'remove' that is still there."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path

from orgctl.review.build import Review
from orgctl.review.flags import Flag
from orgctl.review.model import AccessLine
from orgctl.review.pack_csv import COLUMNS, DECISIONS, KEY_COLUMNS, unsafe_cell

NEW, UNCHANGED = "new", "unchanged"


class PreviousError(ValueError):
    """One sentence naming the file, line and field."""


@dataclass(frozen=True)
class SignedLine:
    line_number: int
    values: dict[str, str]  # the row as signed, spreadsheet quoting undone

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(self.values[c] for c in KEY_COLUMNS)

    @property
    def decision(self) -> str:
        return self.values["decision"].strip().lower()


@dataclass(frozen=True)
class Changes:
    previous_file: str
    accounts: tuple[str, ...]  # the account ids the previous review covered
    added: tuple[AccessLine, ...] = ()
    removed: tuple[SignedLine, ...] = ()
    still_present: tuple[SignedLine, ...] = ()  # marked 'remove', still there
    marks: dict[tuple, str] = field(default_factory=dict)  # line key -> NEW or UNCHANGED


def read_signed(path: str) -> list[SignedLine]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PreviousError(f"cannot read {path}: {error}") from None
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (rows.fieldnames or [])]
    if missing:
        raise PreviousError(
            f"{path}:1: not a review CSV written by `orgctl review`: no column {', '.join(missing)}"
        )
    signed = []
    for number, raw in enumerate(rows, start=2):
        if None in raw or any(v is None for v in raw.values()):
            raise PreviousError(f"{path}:{number}: the line has a different number of cells")
        values = {key: unsafe_cell(value) for key, value in raw.items()}
        line = SignedLine(number, values)
        if line.decision and line.decision not in DECISIONS:
            raise PreviousError(
                f"{path}:{number}: decision: '{values['decision']}' is neither keep nor remove"
            )
        if line.decision:
            if not values["reviewer"].strip():
                raise PreviousError(
                    f"{path}:{number}: reviewer: a decision needs the reviewer's name"
                )
            try:
                datetime.date.fromisoformat(values["review_date"].strip())
            except ValueError:
                raise PreviousError(
                    f"{path}:{number}: review_date: '{values['review_date']}' is not a date "
                    "(YYYY-MM-DD)"
                ) from None
        signed.append(line)
    return signed


def compare(review: Review, signed: list[SignedLine], previous_file: str) -> tuple[Review, Changes]:
    """The review with 'removal-not-done' flags added, and what changed in the accounts the
    previous review covered."""
    accounts = {line.values["account_id"] for line in signed}
    before = {line.key: line for line in signed}
    now = {line.key: line for line in review.lines if line.account.id in accounts}
    marks = {key: (UNCHANGED if key in before else NEW) for key in now}
    still = tuple(
        sorted(
            (before[key] for key in now if key in before and before[key].decision == "remove"),
            key=lambda s: s.line_number,
        )
    )
    flagged = {s.key: s for s in still}
    lines = tuple(
        replace(line, flags=tuple(sorted((*line.flags, _removal_flag(flagged[line.key])))))
        if line.key in flagged
        else line
        for line in review.lines
    )
    changes = Changes(
        previous_file=previous_file,
        accounts=tuple(sorted(accounts)),
        added=tuple(line for line in review.lines if line.key in now and line.key not in before),
        removed=tuple(
            sorted((s for k, s in before.items() if k not in now), key=lambda s: s.line_number)
        ),
        still_present=still,
        marks=marks,
    )
    return replace(review, lines=lines), changes


def _removal_flag(signed: SignedLine) -> Flag:
    values = signed.values
    who = values["principal"] or values["access"]
    return Flag(
        "removal-not-done",
        f"{values['reviewer']} decided on {values['review_date']} to remove "
        f"{values['access_type']} '{who}' ({values['access']}) in '{values['account']}'; "
        "it is still present",
    )
