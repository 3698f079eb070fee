"""Diagnostics: one located finding about a blueprint file.

Every layer (YAML, structure, semantics) reports through this type so that the
command line, the Pulumi program and the tests print the same `file:line:col` text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
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

    def __str__(self) -> str:
        if self.line == 0:  # the file itself (missing, unreadable): no position to give
            return f"{self.file}: {self.message}"
        where = f"{self.file}:{self.line}:{self.column}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        subject = f"{self.path}: " if self.path else ""
        return f"{where}: {label}{subject}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class BlueprintError(Exception):
    """Raised when a blueprint has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


class BlueprintIOError(Exception):
    """The file could not be read at all (missing, a directory, unreadable)."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")
