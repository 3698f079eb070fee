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


# Caches the tools keep in the checkout by design; anything else a test writes there is a leak.
# Caches, not results: the rehearsal keeps the provider's schema (which takes a provider start to
# read) under out/rehearsal-cache/ for every later run, tests included.
_TOOL_CACHES = (
    ".hypothesis/",
    ".pytest_cache/",
    ".ruff_cache/",
    "__pycache__/",
    ".venv",
    "out/rehearsal-cache/",
)


def _files_in_checkout() -> set[str] | None:
    """Untracked and ignored paths of the checkout, or None outside a git checkout."""
    import subprocess

    listed = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--ignored", "--untracked-files=all"],
        capture_output=True,
        text=True,
    )
    if listed.returncode != 0:
        return None
    paths = {line[3:] for line in listed.stdout.splitlines() if line[:2] in ("??", "!!")}
    return {p for p in paths if not any(cache in p for cache in _TOOL_CACHES)}


@pytest.fixture(scope="session", autouse=True)
def checkout_stays_clean():
    """Tests write into tmp_path only: screenshots, plans and reports never land in the repo."""
    before = _files_in_checkout()
    yield
    after = _files_in_checkout()
    if before is not None and after is not None:
        assert sorted(after - before) == [], "tests wrote these files into the checkout"


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


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto's server on 127.0.0.1 (a free port), as an independent AWS API emulator."""
    import os

    from tests.moto_server import start_moto_server

    process, url = start_moto_server()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def prod_program():
    """One run of the Pulumi program on blueprints/prod.yaml under mocks, shared by the session
    (read-only: tests must not mutate the records)."""
    from tests.program_harness import run

    return run(str(PROD))


# The minimal blueprint's baseline SCP: the statements every OU and account must have in effect
# (root, leave-organization and CloudTrail denies) and the protection of the role names the
# CloudTrail deny exempts. Tests that change the baseline replace this line.
MINIMAL_BASELINE_SIDS = (
    "[DenyRootUser, DenyLeaveOrganization, ProtectCloudTrail, ProtectAccessRoles]"
)
MINIMAL_BASELINE = f"    statements: {MINIMAL_BASELINE_SIDS}\n"


def _export(monitor, stack: str = "test") -> dict:
    from orgctl.export import to_export

    return to_export(monitor.registrations, stack, monitor.stack_outputs)


@pytest.fixture(scope="session")
def prod_export(prod_program):
    """The shared prod run as a deployment export (the plan before any rename)."""
    return _export(prod_program)


@pytest.fixture(scope="session")
def renamed_prod_export(tmp_path_factory):
    """The prod program with an account, an OU, a permission set and a group renamed, each with
    `renamed_from` (tests/renamed_blueprint.py), as a deployment export. One run per session."""
    from tests.program_harness import run
    from tests.renamed_blueprint import write_renamed_prod

    return _export(run(str(write_renamed_prod(tmp_path_factory.mktemp("renamed")))))


@pytest.fixture(scope="session")
def renamed_bare_prod_export(tmp_path_factory):
    """The same renames without `renamed_from`: what Pulumi would replace."""
    from tests.program_harness import run
    from tests.renamed_blueprint import write_renamed_prod

    folder = tmp_path_factory.mktemp("renamed-bare")
    return _export(run(str(write_renamed_prod(folder, with_renamed_from=False))))
