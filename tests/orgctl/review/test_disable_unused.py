"""`--disable-unused`: off by default; `--dry-run` lists; otherwise keys are set Inactive and
console passwords removed (users and keys stay), a reversal log is written, and break-glass
users are refused."""

from __future__ import annotations

import json

import boto3

from tests.orgctl.review.seeded import MANAGEMENT_ID, REGION, days_ago, member_session
from tests.orgctl.review.test_seeded_review import review

STALE = {
    ("prod", "ci-old-key", "access key"),
    ("dev", "legacy-console", "console password"),
    ("dev", "key-never-used-old", "access key"),
}


def iam_in(seeded, account: str):
    return member_session(seeded.account_ids[account]).client("iam", region_name=REGION)


def _state(seeded) -> dict:
    prod, dev = iam_in(seeded, "prod"), iam_in(seeded, "dev")
    return {
        "ci-old-key": prod.list_access_keys(UserName="ci-old-key")["AccessKeyMetadata"][0][
            "Status"
        ],
        "ci-fresh": prod.list_access_keys(UserName="ci-fresh")["AccessKeyMetadata"][0]["Status"],
        "key-never-used-old": dev.list_access_keys(UserName="key-never-used-old")[
            "AccessKeyMetadata"
        ][0]["Status"],
        "legacy-console": _has_password(dev, "legacy-console"),
        "ops-console-mfa": _has_password(prod, "ops-console-mfa"),
    }


def _has_password(iam, user: str) -> bool:
    try:
        iam.get_login_profile(UserName=user)
    except iam.exceptions.NoSuchEntityException:
        return False
    return True


def test_review_alone_changes_nothing(fresh_org):
    before = _state(fresh_org)
    review("--format", "json")
    assert _state(fresh_org) == before


def test_dry_run_lists_what_it_would_deactivate_and_changes_nothing(fresh_org, tmp_path):
    before = _state(fresh_org)
    code, printed = review(
        "--disable-unused", "--dry-run", "--format", "json", "--out", str(tmp_path)
    )
    result = json.loads(printed)["disable_unused"]
    assert code == 1
    assert len(result["would_deactivate"]) == 3
    for account, user, credential in STALE:
        assert any(
            f"{account} (" in i and f"'{user}' {credential}" in i
            for i in result["would_deactivate"]
        )
    assert _state(fresh_org) == before
    assert not list(tmp_path.glob("disabled-*.json"))


def test_disable_deactivates_never_deletes_and_logs_the_reversal(fresh_org, tmp_path):
    code, printed = review("--disable-unused", "--format", "json", "--out", str(tmp_path))
    result = json.loads(printed)["disable_unused"]
    assert code == 1
    assert len(result["deactivated"]) == 3 and result["failed"] == []
    assert _state(fresh_org) == {
        "ci-old-key": "Inactive",
        "ci-fresh": "Active",
        "key-never-used-old": "Inactive",
        "legacy-console": False,
        "ops-console-mfa": True,
    }
    dev = iam_in(fresh_org, "dev")
    assert dev.get_user(UserName="legacy-console")["User"]["UserName"] == "legacy-console"
    log = json.loads((tmp_path / "disabled-2026-11-28.json").read_text())
    assert result["reversal_log"].endswith("disabled-2026-11-28.json")
    reversals = {entry["user"]: entry["reverse_with"] for entry in log["deactivated"]}
    key = fresh_org.key_ids["ci-old-key"][0]
    assert reversals["ci-old-key"] == (
        f"aws iam update-access-key --user-name ci-old-key --access-key-id {key} --status Active"
    )
    assert reversals["legacy-console"].startswith(
        "aws iam create-login-profile --user-name legacy-console --password-reset-required"
    )
    # Following the log turns the key back on.
    prod = iam_in(fresh_org, "prod")
    prod.update_access_key(UserName="ci-old-key", AccessKeyId=key, Status="Active")
    assert _state(fresh_org)["ci-old-key"] == "Active"


def test_break_glass_users_are_refused(fresh_org, tmp_path):
    from moto.iam.models import iam_backends

    # breakglass-1's password last used 200 days ago: stale, but break-glass
    iam_backends[MANAGEMENT_ID]["aws"].users["breakglass-1"].password_last_used = days_ago(200)
    code, printed = review("--disable-unused", "--format", "json", "--out", str(tmp_path))
    result = json.loads(printed)["disable_unused"]
    assert code == 1
    assert [i for i in result["refused_break_glass"] if "'breakglass-1' console password" in i]
    assert not [i for i in result["deactivated"] if "breakglass" in i]
    iam = boto3.client("iam", region_name=REGION)
    assert iam.get_login_profile(UserName="breakglass-1")["LoginProfile"]["UserName"]


def test_a_second_run_never_overwrites_a_log(fresh_org, tmp_path):
    review("--disable-unused", "--out", str(tmp_path))
    iam_in(fresh_org, "dev").update_access_key(
        UserName="key-never-used-old",
        AccessKeyId=fresh_org.key_ids["key-never-used-old"][0],
        Status="Active",
    )
    review("--disable-unused", "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.glob("disabled-*.json")) == [
        "disabled-2026-11-28-2.json",
        "disabled-2026-11-28.json",
    ]
