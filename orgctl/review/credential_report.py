"""IAM's credential report, parsed: per user, the console password and up to two access keys
with when each was created and last used. Values IAM writes for 'nothing to say'
(`N/A`, `no_information`, `not_supported`) become None."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

ROOT = "<root_account>"  # the root user's line: reviewed by the root-access controls, not here
REQUIRED = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
)


class ReportFormatError(ValueError):
    pass


@dataclass(frozen=True)
class KeyUse:
    slot: int  # 1 or 2, IAM's order
    active: bool
    last_rotated: datetime.datetime | None  # when the key was created
    last_used: datetime.datetime | None


@dataclass(frozen=True)
class CredentialUse:
    user: str
    arn: str
    created: datetime.datetime
    password_enabled: bool
    password_last_used: datetime.datetime | None
    password_last_changed: datetime.datetime | None
    mfa_active: bool
    keys: tuple[KeyUse, ...]  # only slots IAM reports a key in


def _time(value: str) -> datetime.datetime | None:
    if value in ("", "N/A", "no_information", "not_supported"):
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ReportFormatError(f"'{value}' is not a time") from None


def parse(text: str) -> list[CredentialUse]:
    """Every IAM user in the report (the root line left out), sorted by name."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ReportFormatError(f"the credential report has no column {', '.join(missing)}")
    found = []
    for line, row in enumerate(reader, start=2):
        if row["user"] == ROOT:
            continue
        try:
            keys = tuple(
                KeyUse(
                    slot,
                    row[f"access_key_{slot}_active"] == "true",
                    _time(row[f"access_key_{slot}_last_rotated"]),
                    _time(row[f"access_key_{slot}_last_used_date"]),
                )
                for slot in (1, 2)
                if _time(row[f"access_key_{slot}_last_rotated"]) is not None
            )
            created = _time(row["user_creation_time"])
            if created is None:
                raise ReportFormatError("no user_creation_time")
            found.append(
                CredentialUse(
                    user=row["user"],
                    arn=row["arn"],
                    created=created,
                    password_enabled=row["password_enabled"] == "true",
                    password_last_used=_time(row["password_last_used"]),
                    password_last_changed=_time(row["password_last_changed"]),
                    mfa_active=row["mfa_active"] == "true",
                    keys=keys,
                )
            )
        except ReportFormatError as error:
            raise ReportFormatError(f"credential report line {line}: {error}") from None
    return sorted(found, key=lambda c: c.user)
