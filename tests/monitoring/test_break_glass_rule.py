"""The break-glass EventBridge pattern, judged by moto's implementation of EventBridge matching."""

from __future__ import annotations

import json

import pytest
from moto.events.models import EventPattern

from blueprint import load_blueprint
from monitoring.alarm_catalog import MonitoringContext
from monitoring.documents import break_glass_event_pattern
from tests.conftest import FIXTURES, PROD, TODAY

CONTEXT = MonitoringContext.from_blueprint(load_blueprint(str(PROD), today=TODAY))
PATTERN = EventPattern.load(
    json.dumps(
        break_glass_event_pattern(
            CONTEXT.management_id, CONTEXT.break_glass_users, CONTEXT.break_glass_role
        )
    )
)


def _event(name: str) -> dict:
    return json.loads((FIXTURES / "cloudtrail" / "eventbridge" / f"{name}.json").read_text())


@pytest.mark.parametrize("name", ["break-glass-console-sign-in", "break-glass-assume-role"])
def test_rule_matches_break_glass_use(name):
    assert PATTERN.matches_event(_event(name))


@pytest.mark.parametrize("name", ["sso-sign-in", "ordinary-assume-role"])
def test_rule_ignores_ordinary_sign_ins_and_role_use(name):
    assert not PATTERN.matches_event(_event(name))
