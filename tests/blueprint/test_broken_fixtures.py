"""Every broken fixture fails with the right line, the field's path and the expected message.

A fixture states its expectation itself: `# expect: <path and message fragment>` in its header
and `# <-- defect` on the line the error must point at (line 1 when there is no marker).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from orgctl.cli import main
from tests.conftest import FIXTURES, REPO

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def _expectation(path) -> tuple[str, int]:
    lines = path.read_text(errors="replace").splitlines()
    expect = next(line.split("expect:", 1)[1].strip() for line in lines if "# expect:" in line)
    marked = [number for number, line in enumerate(lines, 1) if "# <-- defect" in line]
    return expect, marked[0] if marked else 1


def test_there_are_at_least_25_broken_fixtures():
    assert len(BROKEN) >= 25


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_fails_at_the_defect(fixture, capsys):
    expect, line = _expectation(fixture)
    status = main(["validate", "--today", "2026-11-28", str(fixture)])
    printed = capsys.readouterr().out.splitlines()
    assert status == 1
    matching = [text for text in printed if expect in text]
    assert matching, f"no diagnostic contains {expect!r}; got {printed}"
    assert any(text.startswith(f"{fixture}:{line}:") for text in matching), printed


def test_no_fixture_makes_orgctl_print_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "orgctl", "validate", "--today", "2026-11-28", *map(str, BROKEN)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.count("\n") >= len(BROKEN)
