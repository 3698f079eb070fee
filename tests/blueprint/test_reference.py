"""docs/blueprint.md is generated from the models: current, complete and described."""

from __future__ import annotations

from functools import cache

import pytest

from blueprint.model import Blueprint
from blueprint.reference import REFERENCE_PATH, _models_in_order, render_reference

MODELS = _models_in_order()
FIELDS = [(model, name) for model in MODELS for name in model.model_fields]
_rendered = cache(render_reference)  # one rendering for the ~80 field cases


def test_reference_file_is_current():
    assert REFERENCE_PATH.read_text() == render_reference(), "stale reference: run `make docs`"


def test_every_model_of_the_blueprint_has_a_section():
    assert MODELS[0] is Blueprint
    text = _rendered()
    for model in MODELS[1:]:
        assert f"\n## {model.__name__}\n" in text


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_field_has_a_description_and_a_row(model, name):
    description = model.model_fields[name].description
    assert description and description.strip(), f"{model.__name__}.{name} needs a description"
    section = _rendered().split(f"## {model.__name__}", 1)[-1].split("\n## ", 1)[0]
    assert f"| `{name}` |" in section


def test_a_named_type_keeps_its_rule_beside_the_field_description():
    row = next(
        line for line in _rendered().splitlines() if line.startswith("| `management_account` |")
    )
    assert "lowercase letters, digits and '-'" in row  # the AccountKey rule
    assert "never restricted by SCPs" in row  # the field's own description
