from __future__ import annotations

import pytest

from tests.conftest import PROD
from tests.program_harness import run


@pytest.fixture(scope="module")
def prod_run():
    return run(str(PROD))
