"""IAM users in one account, from its credential report: console and key use, users with no
credential used in 90 days (PCI DSS 8.2.6), unused credentials of otherwise active users, old
keys, console passwords without MFA; break-glass users judged by the runbook instead (used only
in recorded tests, an MFA device, a test every quarter)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from orgctl.live.account_iam import AccessKey, AccountIam
from orgctl.review.break_glass_tests import RecordedTest
from orgctl.review.credential_report import CredentialUse, KeyUse
from orgctl.review.expectations import Expectations
from orgctl.review.flags import KEY_AGE_DAYS, TEST_CADENCE_DAYS, UNUSED_DAYS, Flag
from orgctl.review.model import BREAK_GLASS_USER, IAM_USER, AccessLine, Account

CONSOLE = "console password"
KEY = "access key"


@dataclass(frozen=True, order=True)
class Credential:
    user: str
    kind: str  # CONSOLE or KEY
    key_id: str  # '' for the console password
    created: datetime.date
    last_used: datetime.date | None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.key_id}" if self.key_id else self.kind

    def idle_since(self) -> datetime.date:
        return self.last_used or self.created

    def describe_use(self, as_of: datetime.date) -> str:
        days = (as_of - self.idle_since()).days
        if self.last_used is None:
            return f"never used since {self.created} ({days} days before {as_of})"
        return f"last used {self.last_used} ({days} days before {as_of})"


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return value.date() if value is not None else None


def _key_id(use: KeyUse, keys: list[AccessKey]) -> str:
    """The report names keys by slot; ListAccessKeys names them by id. A key's slot is the one
    whose last rotation is the key's creation time (to the second), else IAM's order."""
    for key in keys:
        if use.last_rotated is not None and key.created.replace(microsecond=0) == use.last_rotated:
            return key.id
    return keys[use.slot - 1].id if len(keys) >= use.slot else f"(slot {use.slot})"


def active_credentials(use: CredentialUse, keys: list[AccessKey]) -> list[Credential]:
    """The console password (if enabled) and active keys of one user."""
    found = []
    if use.password_enabled:
        since = use.password_last_changed or use.created
        found.append(Credential(use.user, CONSOLE, "", since.date(), _day(use.password_last_used)))
    for key_use in use.keys:
        if key_use.active and key_use.last_rotated is not None:
            found.append(
                Credential(
                    use.user,
                    KEY,
                    _key_id(key_use, keys),
                    key_use.last_rotated.date(),
                    _day(key_use.last_used),
                )
            )
    return found


def stale(credentials: list[Credential], as_of: datetime.date) -> list[Credential]:
    return [c for c in credentials if (as_of - c.idle_since()).days > UNUSED_DAYS]


def user_flags(use: CredentialUse, credentials: list[Credential], as_of) -> list[Flag]:
    unused = stale(credentials, as_of)
    # A user is inactive only when no credential of it was used: an idle key of a user who signs
    # in every day is credential hygiene, not the inactive account PCI DSS 8.2.6 speaks of.
    inactive = len(unused) == len(credentials)
    flags = [
        Flag(
            "inactive-user" if inactive else "unused-credential",
            f"'{use.user}': {c.label} {c.describe_use(as_of)}"
            + (f"; no credential of the user was used in {UNUSED_DAYS} days" if inactive else ""),
        )
        for c in unused
    ]
    for credential in credentials:
        age = (as_of - credential.created).days
        if credential.kind == KEY and age > KEY_AGE_DAYS:
            flags.append(
                Flag(
                    "old-access-key",
                    f"'{use.user}': {credential.label} was created {credential.created}, "
                    f"{age} days before {as_of}; rotate or remove it",
                )
            )
    if use.password_enabled and not use.mfa_active:
        flags.append(
            Flag(
                "password-sign-in-without-mfa",
                f"'{use.user}' signs in to the AWS console with a password and no MFA device",
            )
        )
    return flags


def _break_glass_flags(
    use: CredentialUse, credentials: list[Credential], tests: list[RecordedTest], as_of
) -> list[Flag]:
    tested = {record.date for record in tests if record.user == use.user}
    flags = [
        Flag(
            "break-glass-use",
            f"break-glass user '{use.user}': {c.label} used on {c.last_used}, a day with no "
            "recorded test",
        )
        for c in credentials
        if c.last_used is not None and c.last_used not in tested
    ]
    if not use.mfa_active:
        flags.append(
            Flag(
                "break-glass-mfa",
                f"break-glass user '{use.user}' has no MFA device; the runbook requires a "
                "hardware one",
            )
        )
    flags.extend(overdue_test(tests, as_of, f"break-glass user '{use.user}'"))
    return flags


def overdue_test(tests: list[RecordedTest], as_of: datetime.date, subject: str) -> list[Flag]:
    done = [record.date for record in tests if record.date <= as_of]
    if not done:
        return [Flag("break-glass-test-overdue", f"{subject}: no break-glass test is recorded")]
    last = max(done)
    if (as_of - last).days > TEST_CADENCE_DAYS:
        return [
            Flag(
                "break-glass-test-overdue",
                f"{subject}: the last recorded break-glass test was on {last}, "
                f"{(as_of - last).days} days before {as_of}",
            )
        ]
    return []


def iam_user_lines(
    account: Account,
    iam: AccountIam,
    uses: list[CredentialUse],
    expected: Expectations,
    tests: list[RecordedTest],
    as_of: datetime.date,
) -> list[AccessLine]:
    paths = {user.name: user.path for user in iam.users}
    lines = []
    for use in uses:
        keys = sorted((k for k in iam.access_keys if k.user == use.user), key=lambda k: k.created)
        credentials = active_credentials(use, keys)
        break_glass = expected.is_break_glass_user(use.user, paths.get(use.user, "/"))
        if break_glass:
            flags = _break_glass_flags(use, credentials, tests, as_of)
        else:
            flags = user_flags(use, credentials, as_of)
            if expected.granted is not None:
                flags.append(
                    Flag(
                        "not-in-blueprint",
                        f"IAM user '{use.user}' in '{account.name}' is not one the blueprint "
                        "makes (only break-glass users)",
                    )
                )
        used = [c.last_used for c in credentials if c.last_used is not None]
        lines.append(
            AccessLine(
                account=account,
                kind=BREAK_GLASS_USER if break_glass else IAM_USER,
                principal=use.user,
                access=", ".join(c.label for c in credentials) or "no active credentials",
                last_used=str(max(used)) if used else ("never" if credentials else ""),
                flags=tuple(sorted(flags)),
            )
        )
    return lines
