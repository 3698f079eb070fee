from __future__ import annotations

import pytest

from blueprint.durations import identity_center_session, parse_minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("4h", 240), ("90m", 90), ("1h30m", 90), ("PT1H", 60), ("PT2H30M", 150), ("PT45M", 45)],
)
def test_parse_minutes(text, minutes):
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "4", "four hours", "P1D", "PT", "h", "-1h", "4H30"])
def test_parse_minutes_rejects_non_durations(text):
    with pytest.raises(ValueError, match="is not a duration"):
        parse_minutes(text)


@pytest.mark.parametrize(("text", "iso"), [("1h", "PT1H"), ("12h", "PT12H"), ("90m", "PT1H30M")])
def test_identity_center_bounds_accept(text, iso):
    assert identity_center_session(text) == iso


@pytest.mark.parametrize("text", ["59m", "12h1m", "13h", "PT24H"])
def test_identity_center_bounds_reject(text):
    with pytest.raises(ValueError, match=r"1h to 12h"):
        identity_center_session(text)
