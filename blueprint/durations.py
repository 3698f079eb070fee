"""Session durations as people write them (`4h`, `90m`, `PT1H30M`), normalised to ISO-8601.

IAM Identity Center accepts 1 to 12 hours for a permission set's session (SessionDuration is
ISO-8601); role sessions such as break-glass are capped separately by the blueprint.
"""

from __future__ import annotations

import re

MIN_SESSION_MINUTES = 60
MAX_SESSION_MINUTES = 12 * 60

_SHORT = re.compile(r"^(?:(?P<hours>\d+)h)?(?:(?P<minutes>\d+)m)?$")
_ISO = re.compile(r"^PT(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?$")


def parse_minutes(text: str) -> int:
    """Minutes in `text`; raises ValueError with a sentence a blueprint author can act on."""
    value = text.strip()
    match = _ISO.match(value) or _SHORT.match(value.lower())
    if not value or match is None or not any(match.groupdict().values()):
        raise ValueError(
            f"'{text}' is not a duration; write hours and minutes as '4h', '1h30m' "
            "or ISO-8601 'PT4H'"
        )
    return int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)


def to_iso8601(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def identity_center_session(text: str) -> str:
    """Validate a permission-set session duration and return it as ISO-8601."""
    minutes = parse_minutes(text)
    if not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        raise ValueError(
            f"session duration '{text}' is outside what IAM Identity Center accepts (1h to 12h)"
        )
    return to_iso8601(minutes)
