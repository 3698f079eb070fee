"""The prod plan, built once per session: as the program registers it, and as `orgctl plan`
writes and prints it."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from orgctl.export import to_export
from tests.conftest import TODAY


@pytest.fixture(scope="session")
def prod_plan(prod_program) -> dict:
    """out/prod/plan.json as `orgctl plan --stack prod` writes it (fixed clock), from the
    session's one run of the program (what it registers does not depend on the stack name)."""
    return to_export(prod_program.registrations, "prod")


@dataclass(frozen=True)
class PlanCommandRun:
    status: int
    out: Path  # the --out folder: out/prod/plan.json and what later commands add
    printed: str

    @property
    def plan(self) -> Path:
        return self.out / "prod" / "plan.json"


@pytest.fixture(scope="session")
def prod_plan_command(tmp_path_factory) -> PlanCommandRun:
    """One `orgctl plan --stack prod` (fixed clock) for the tests of the command and of the
    evidence report read from its plan.json."""
    from orgctl.cli import main

    out = tmp_path_factory.mktemp("prod-plan-command")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["plan", "--stack", "prod", "--today", TODAY.isoformat(), "--out", str(out)])
    return PlanCommandRun(status, out, printed.getvalue())
