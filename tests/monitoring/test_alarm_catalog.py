"""Every alarm pattern fires on the CloudTrail event it guards and stays quiet on a benign
neighbour (samples in tests/fixtures/cloudtrail/)."""

from __future__ import annotations

import json

import pytest

from blueprint import load_blueprint
from monitoring.alarm_catalog import ALARMS, CIS, MonitoringContext
from monitoring.filter_patterns import matches, parse
from tests.conftest import FIXTURES, PROD, TODAY

SAMPLES = FIXTURES / "cloudtrail"
CONTEXT = MonitoringContext.from_blueprint(load_blueprint(str(PROD), today=TODAY))


def _sample(key: str, kind: str) -> dict:
    return json.loads((SAMPLES / f"{key}.{kind}.json").read_text())


def test_the_catalogue_has_the_cis_set_and_at_least_nineteen_alarms():
    assert len(ALARMS) >= 19
    assert [spec.cis for spec in CIS] == [f"4.{n}" for n in range(1, 16)]
    assert len({spec.key for spec in ALARMS}) == len(ALARMS)


@pytest.mark.parametrize("spec", ALARMS, ids=lambda s: s.key)
def test_pattern_fires_on_its_event_and_not_on_its_neighbour(spec):
    pattern = spec.pattern(CONTEXT)
    parse(pattern)
    assert matches(pattern, _sample(spec.key, "fires"))
    assert not matches(pattern, _sample(spec.key, "quiet"))


def test_every_sample_belongs_to_an_alarm():
    keys = {spec.key for spec in ALARMS}
    for path in SAMPLES.glob("*.json"):
        assert path.name.split(".")[0] in keys, path.name


def test_sign_in_without_mfa_ignores_identity_center_sign_ins():
    plain_cis = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'
    sso_sign_in = _sample("console-sign-in-without-mfa", "quiet")
    assert sso_sign_in["userIdentity"]["type"] == "AssumedRole"
    assert matches(plain_cis, sso_sign_in)  # why the IAM-user variant is used
    (spec,) = [s for s in ALARMS if s.key == "console-sign-in-without-mfa"]
    assert not matches(spec.pattern(CONTEXT), sso_sign_in)


def test_break_glass_sign_in_alarm_fires_on_a_failed_attempt_too():
    (spec,) = [s for s in ALARMS if s.key == "break-glass-sign-in"]
    failed = _sample("break-glass-sign-in", "fires")
    failed["responseElements"] = {"ConsoleLogin": "Failure"}
    failed["errorMessage"] = "Failed authentication"
    assert matches(spec.pattern(CONTEXT), failed)
