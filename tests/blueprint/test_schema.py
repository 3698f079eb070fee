"""blueprint/schema.json is generated from the models and must match them."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
import yaml

from blueprint.schema import SCHEMA_PATH, render_schema
from tests.conftest import FIXTURES, REPO

BLUEPRINTS = [
    *sorted((REPO / "blueprints").glob("*.yaml")),
    FIXTURES / "blueprints" / "minimal.yaml",
]


def _as_json_types(value):
    if isinstance(value, dict):
        return {k: _as_json_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json_types(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()  # editors see dates as strings
    return value


def test_schema_file_is_current():
    assert SCHEMA_PATH.read_text() == render_schema(), "stale schema: run `make schema`"


@pytest.mark.parametrize("path", BLUEPRINTS, ids=lambda p: p.name)
def test_blueprints_validate_against_the_schema(path):
    schema = json.loads(SCHEMA_PATH.read_text())
    document = _as_json_types(yaml.safe_load(path.read_text()))
    jsonschema.validate(document, schema)


@pytest.mark.parametrize("path", BLUEPRINTS, ids=lambda p: p.name)
def test_blueprints_start_with_the_schema_modeline(path):
    first = path.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMA_PATH.resolve()


def test_schema_rejects_a_typo_like_the_loader_does():
    schema = json.loads(SCHEMA_PATH.read_text())
    document = _as_json_types(yaml.safe_load((REPO / "blueprints" / "staging.yaml").read_text()))
    document["permission_sets"]["ReadOnly"]["sesion_duration"] = "4h"
    with pytest.raises(jsonschema.ValidationError, match="sesion_duration"):
        jsonschema.validate(document, schema)
