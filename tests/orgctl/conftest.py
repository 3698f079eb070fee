"""The prod plan, built once for the tests that run the policy pack over it."""

from __future__ import annotations

import pytest

from orgctl.export import to_export
from tests.conftest import PROD
from tests.program_harness import run


@pytest.fixture(scope="session")
def prod_plan() -> dict:
    """out/prod/plan.json as `orgctl plan --stack prod` writes it (fixed clock)."""
    return to_export(run(str(PROD), stack="prod").registrations, "prod")
