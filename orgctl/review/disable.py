"""`--disable-unused`: turn off IAM credentials unused for more than 90 days (PCI DSS v4.0.1 8.2.6),
never delete them, and write a log that says how to turn each back on. Break-glass users are
refused: their credentials are unused by design between tests.

Access keys are set Inactive (reversible with the same key). A console password cannot be
switched off in IAM, only removed: AWS's "Disable console access" deletes the login profile; the
user, its keys and MFA devices stay, and the reversal gives the user a new password."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from orgctl.live.account_iam import AccountIam
from orgctl.review.credential_report import ReportFormatError, parse
from orgctl.review.expectations import Expectations
from orgctl.review.iam_users import CONSOLE, Credential, active_credentials, stale


@dataclass(frozen=True, order=True)
class Target:
    account_id: str
    account: str
    credential: Credential
    break_glass: bool

    def describe(self, as_of: datetime.date) -> str:
        return (
            f"{self.account} ({self.account_id}): '{self.credential.user}' "
            f"{self.credential.label}, {self.credential.describe_use(as_of)}"
        )

    def reversal(self) -> str:
        user = self.credential.user
        if self.credential.kind == CONSOLE:
            return (
                f"aws iam create-login-profile --user-name {user} --password-reset-required "
                "--password <a new generated password>"
            )
        return (
            f"aws iam update-access-key --user-name {user} --access-key-id "
            f"{self.credential.key_id} --status Active"
        )


def targets(
    account_iam: dict[str, AccountIam | str],
    names: dict[str, str],
    expected: Expectations,
    as_of: datetime.date,
) -> list[Target]:
    found = []
    for account_id, iam in sorted(account_iam.items()):
        if not isinstance(iam, AccountIam):
            continue
        try:
            uses = parse(iam.credential_report)
        except ReportFormatError:
            continue  # the review flags the account as not read
        paths = {user.name: user.path for user in iam.users}
        for use in uses:
            keys = sorted(
                (k for k in iam.access_keys if k.user == use.user), key=lambda k: k.created
            )
            break_glass = expected.is_break_glass_user(use.user, paths.get(use.user, "/"))
            for credential in stale(active_credentials(use, keys), as_of):
                found.append(
                    Target(account_id, names.get(account_id, account_id), credential, break_glass)
                )
    return found


def apply(target: Target, iam_client) -> None:
    """Deactivate one credential; never deletes a user or a key."""
    credential = target.credential
    if credential.kind == CONSOLE:
        iam_client.delete_login_profile(UserName=credential.user)
    else:
        iam_client.update_access_key(
            UserName=credential.user, AccessKeyId=credential.key_id, Status="Inactive"
        )


def log_entry(target: Target, as_of: datetime.date, done: str) -> dict:
    return {
        "account_id": target.account_id,
        "account": target.account,
        "user": target.credential.user,
        "credential": target.credential.label,
        "idle": target.credential.describe_use(as_of),
        "done": done,
        "reverse_with": target.reversal(),
        "reverse_in": "the account's IAM, as the organization's access role or an administrator",
    }


def write_log(out: Path, as_of: datetime.date, entries: list[dict]) -> Path:
    """`disabled-<as-of>.json`, a new numbered file if one exists (a log is never overwritten)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"disabled-{as_of}.json"
    number = 1
    while path.exists():
        number += 1
        path = out / f"disabled-{as_of}-{number}.json"
    path.write_text(
        json.dumps({"as_of": as_of.isoformat(), "deactivated": entries}, indent=1) + "\n"
    )
    return path
