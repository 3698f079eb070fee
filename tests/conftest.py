"""Shared test fixtures. No network except 127.0.0.1; the clock is fixed so sandbox expiry
rules give the same answer on every day the suite runs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
MINIMAL = FIXTURES / "blueprints" / "minimal.yaml"
PROD = REPO / "blueprints" / "prod.yaml"
STAGING = REPO / "blueprints" / "staging.yaml"
TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def write_blueprint(tmp_path):
    """Write a variant of the minimal blueprint: replace(old, new) pairs applied once each."""

    def write(*replacements: tuple[str, str], name: str = "blueprint.yaml") -> Path:
        text = MINIMAL.read_text()
        for old, new in replacements:
            assert old in text, f"fixture text not found: {old!r}"
            text = text.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(text)
        return path

    return write
