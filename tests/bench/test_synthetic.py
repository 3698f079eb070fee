"""The benchmark's synthetic blueprints must be valid, or the benchmark measures error paths."""

from __future__ import annotations

import pytest

from bench.synthetic import render
from blueprint import check_blueprint
from tests.conftest import TODAY


@pytest.mark.parametrize("size", [10, 57, 200])
def test_synthetic_blueprint_is_valid_and_has_the_requested_size(size, tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(render(size, TODAY))
    result = check_blueprint(str(path), today=TODAY)
    assert result.ok, result.diagnostics[:3]
    assert len(result.blueprint.accounts) == size
