"""Diagnostics: one located finding about a blueprint file.

Every layer (YAML, structure, semantics) reports through this type so that the
command line, the Pulumi program and the tests print the same `file:line:col` text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
PathPart = str | int
Path = tuple[PathPart, ...]


def render_path(path: Path) -> str:
    """`('assignments', 3, 'ous', 0)` -> `assignments[3].ous[0]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = "error"
    omitted: int = field(default=0, compare=False)  # a summary line stands for this many

    def __str__(self) -> str:
        if self.line == 0:  # the file itself (missing, unreadable): no position to give
            return f"{self.file}: {self.message}"
        where = f"{self.file}:{self.line}:{self.column}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        subject = f"{self.path}: " if self.path else ""
        return f"{where}: {label}{subject}{self.message}"

    def as_dict(self) -> dict[str, object]:
        fields = asdict(self)
        if not self.omitted:
            del fields["omitted"]
        return fields


REPEATS_SHOWN = 3
_QUOTED = re.compile(r"'[^']*'")
_NUMBER = re.compile(r"\d[\d,.]*")
_HINT = re.compile(r" \(did you mean .*?\)")


def _rule(diagnostic: Diagnostic) -> tuple[str, str, str]:
    """Findings of one rule differ only in the names and numbers they quote."""
    shape = _HINT.sub("", diagnostic.message)
    shape = _NUMBER.sub("#", _QUOTED.sub("''", shape))
    return diagnostic.file, diagnostic.severity, shape


def collapse_repeats(diagnostics: list[Diagnostic], shown: int = REPEATS_SHOWN) -> list[Diagnostic]:
    """The first `shown` findings of each rule, then one line counting the rest of that rule.

    A rule broken by 10,000 accounts is one mistake (a template, a bulk import): 10,000 lines
    would bury every other finding. Rules with only one more than `shown` are kept whole.
    """
    totals = Counter(_rule(d) for d in diagnostics)
    seen: Counter = Counter()
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        rule = _rule(diagnostic)
        if totals[rule] <= shown + 1:
            kept.append(diagnostic)
            continue
        seen[rule] += 1
        if seen[rule] <= shown:
            kept.append(diagnostic)
        if seen[rule] == shown:
            rest = totals[rule] - shown
            message = f"... and {rest:,} more of the same rule"
            kept.append(
                Diagnostic(diagnostic.file, 0, 0, "", message, diagnostic.severity, omitted=rest)
            )
    return kept


class BlueprintError(Exception):
    """Raised when a blueprint has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in collapse_repeats(self.diagnostics)))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


class BlueprintIOError(Exception):
    """The file could not be read at all (missing, a directory, unreadable)."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")
