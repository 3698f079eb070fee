"""The review, assembled: every active account with the people and roles that reach it, and
the flags. Pure: the live snapshot, each account's IAM (or why it could not be read), the
expectations and the break-glass test record in; sorted lines out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from orgctl.live.account_iam import AccountIam
from orgctl.live.snapshot import LiveSnapshot
from orgctl.review.break_glass_tests import RecordedTest
from orgctl.review.credential_report import ReportFormatError, parse
from orgctl.review.expectations import Expectations
from orgctl.review.flags import Flag
from orgctl.review.iam_users import iam_user_lines
from orgctl.review.model import NOT_READ, AccessLine, Account
from orgctl.review.people import identity_center_lines
from orgctl.review.roles import role_lines


@dataclass(frozen=True)
class Review:
    as_of: datetime.date
    organization_id: str
    management_account_id: str
    basis: str  # what the expectations came from: the live organization, or a stack's blueprint
    lines: tuple[AccessLine, ...]
    accounts: tuple[Account, ...] = ()  # every account reviewed, with lines or without

    @property
    def flags(self) -> list[tuple[AccessLine, Flag]]:
        return [(line, flag) for line in self.lines for flag in line.flags]

    @property
    def owners(self) -> list[str]:
        return sorted({account.owner for account in self.accounts})


def review_accounts(live: LiveSnapshot, expected: Expectations) -> dict[str, Account]:
    """Active accounts by id (a suspended account has no access to review)."""
    return {
        a.id: Account(
            a.id, a.name, expected.owners.get(a.id, ""), expected.environments.get(a.id, "")
        )
        for a in live.accounts
        if a.status == "ACTIVE"
    }


def build_review(
    live: LiveSnapshot,
    expected: Expectations,
    account_iam: dict[str, AccountIam | str],
    tests: list[RecordedTest],
    as_of: datetime.date,
    basis: str,
) -> Review:
    accounts = review_accounts(live, expected)
    member_ids = {a.id for a in live.accounts}
    lines = identity_center_lines(live, accounts, expected)
    for account_id, account in sorted(accounts.items()):
        iam = account_iam.get(account_id, "not read")
        if isinstance(iam, AccountIam):
            try:
                uses = parse(iam.credential_report)
            except ReportFormatError as error:
                iam = str(error)
        if isinstance(iam, str):
            lines.append(_not_read(account, iam))
            continue
        lines.extend(iam_user_lines(account, iam, uses, expected, tests, as_of))
        lines.extend(
            role_lines(
                account, iam, live.organization.id, member_ids, expected.break_glass_role, tests
            )
        )
    return Review(
        as_of=as_of,
        organization_id=live.organization.id,
        management_account_id=live.organization.management_account_id,
        basis=basis,
        lines=tuple(sorted(lines, key=lambda line: line.sort_key)),
        accounts=tuple(sorted(accounts.values(), key=lambda a: (a.owner, a.name, a.id))),
    )


def _not_read(account: Account, reason: str) -> AccessLine:
    return AccessLine(
        account=account,
        kind=NOT_READ,
        principal="",
        access=reason,
        flags=(
            Flag(
                "account-not-read",
                f"the IAM users and roles of '{account.name}' ({account.id}) were not read: "
                f"{reason}",
            ),
        ),
    )
