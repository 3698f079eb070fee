"""What every semantic check receives: the parsed blueprint, its resolved OU tree, the source
map for locations, and the date the run treats as today (injectable, so tests are timeless)."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from blueprint.diagnostics import Diagnostic, Path
from blueprint.lookalike import explain, lookalike_of
from blueprint.model import Blueprint
from blueprint.tree import OrgTree
from blueprint.yaml_source import SourceMap


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    ordered = sorted(choices)
    twin = lookalike_of(word, ordered)
    if twin is not None:
        return (
            f" (did you mean '{twin}'? they differ only by look-alike or invisible characters: "
            f"{explain(word)})"
        )
    close = difflib.get_close_matches(word, ordered, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass
class Context:
    blueprint: Blueprint
    tree: OrgTree
    source: SourceMap
    today: datetime.date
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path, message: str, *, at_key: bool = False) -> None:
        self.diagnostics.append(self.source.diagnostic(path, message, at_key=at_key))

    def warning(self, path: Path, message: str, *, at_key: bool = False) -> None:
        self.diagnostics.append(
            self.source.diagnostic(path, message, at_key=at_key, severity="warning")
        )

    def unknown(self, path: Path, kind: str, name: str, known: Iterable[str]) -> None:
        self.error(path, f"unknown {kind} '{name}'{did_you_mean(name, known)}")
