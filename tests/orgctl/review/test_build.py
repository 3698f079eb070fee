"""An account whose IAM cannot be read is flagged, never passed over as clean."""

from __future__ import annotations

import datetime

from orgctl.live.account_iam import AccountIam
from orgctl.live.snapshot import LiveAccount, LiveOrganization, LiveSnapshot
from orgctl.review.build import build_review
from orgctl.review.credential_report import REQUIRED
from orgctl.review.expectations import from_live

AS_OF = datetime.date(2026, 11, 28)
LIVE = LiveSnapshot(
    organization=LiveOrganization("o-1", "arn:o", "ALL", "111111111111", "r-1", (), ()),
    ous=(),
    accounts=(
        LiveAccount("111111111111", "management", "m@example.com", "ACTIVE", "r-1"),
        LiveAccount(
            "222222222222", "joined", "j@example.com", "ACTIVE", "r-1", (("owner", "kim"),)
        ),
        LiveAccount("333333333333", "closed", "c@example.com", "SUSPENDED", "r-1"),
    ),
    scps=(),
    delegated_admins=(),
    identity_center=None,
)
EMPTY_REPORT = ",".join(REQUIRED) + "\n"


def _review(account_iam):
    return build_review(LIVE, from_live(LIVE, None), account_iam, [], AS_OF, "live")


def test_an_account_not_read_is_flagged_and_a_suspended_one_is_not_reviewed():
    review = _review(
        {
            "111111111111": AccountIam("111111111111", EMPTY_REPORT, (), (), ()),
            "222222222222": "cannot assume arn:aws:iam::222222222222:role/R (AccessDenied)",
        }
    )
    assert [(line.account.name, flag.code) for line, flag in review.flags] == [
        ("joined", "account-not-read")
    ]
    assert "AccessDenied" in review.flags[0][1].message
    assert review.flags[0][0].account.owner == "kim"
    assert [a.name for a in review.accounts] == ["management", "joined"]


def test_a_readable_account_with_nothing_in_it_is_clean():
    review = _review(
        {
            "111111111111": AccountIam("111111111111", EMPTY_REPORT, (), (), ()),
            "222222222222": AccountIam("222222222222", EMPTY_REPORT, (), (), ()),
        }
    )
    assert review.flags == [] and review.lines == ()


def test_a_broken_credential_report_is_not_read():
    broken = AccountIam("222222222222", "user,arn\nbob,x\n", (), (), ())
    review = _review({"111111111111": "x", "222222222222": broken})
    assert {line.account.name for line, _ in review.flags} == {"management", "joined"}
    assert "no column" in next(
        f.message for line, f in review.flags if line.account.name == "joined"
    )
