"""A manager signs one account owner's CSV; next quarter `--previous` shows what changed in
those accounts, and flags what was marked 'remove' and is still there."""

from __future__ import annotations

import csv
import io
import json

import boto3

from tests.orgctl.review.seeded import REGION, add_person, join, write_test_record
from tests.orgctl.review.test_seeded_review import review


def sign(path, decisions: dict[str, str]) -> None:
    """What a manager does in a spreadsheet: a decision, a name and a date on every line."""
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    for row in rows:
        row["decision"] = decisions.get(row["principal"], "keep")
        row["reviewer"] = "Pat Manager"
        row["review_date"] = "2026-11-30"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


def test_previous_signed_csv_shows_the_next_quarters_changes(fresh_org, tmp_path):
    record = write_test_record(tmp_path / "tests.csv")
    review("--out", str(tmp_path / "q4"), "--break-glass-tests", record)
    signed = tmp_path / "q4" / "review-platform-lead.csv"
    sign(signed, {"dan": "remove", "legacy-console": "remove"})
    # Next quarter: legacy-console is gone, dan is still assigned directly, eve joined.
    member = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{fresh_org.account_ids['dev']}:role/OrganizationAccountAccessRole",
        RoleSessionName="manager",
    )["Credentials"]
    iam = boto3.client(
        "iam",
        region_name=REGION,
        aws_access_key_id=member["AccessKeyId"],
        aws_secret_access_key=member["SecretAccessKey"],
        aws_session_token=member["SessionToken"],
    )
    iam.delete_login_profile(UserName="legacy-console")
    iam.delete_user(UserName="legacy-console")
    fresh_org.user_ids["eve"] = add_person(fresh_org, "eve")
    join(fresh_org, "AWS-Engineers", "eve")

    code, printed = review(
        "--format", "json", "--previous", str(signed), "--break-glass-tests", record
    )
    document = json.loads(printed)
    changes = document["changes"]
    assert code == 1
    assert changes["accounts"] == [fresh_org.account_ids["dev"]]
    assert {(a["principal"], a["account"]) for a in changes["added"]} == {("eve", "dev")}
    assert [(r["principal"], r["decision"]) for r in changes["removed"]] == [
        ("legacy-console", "remove")
    ]
    assert [r["principal"] for r in changes["marked_remove_still_present"]] == ["dan"]
    dan = next(line for line in document["lines"] if line["principal"] == "dan")
    removal = [f for f in dan["flags"] if f["code"] == "removal-not-done"]
    assert removal and "Pat Manager decided on 2026-11-30" in removal[0]["message"]
    assert removal[0]["controls"] == ["pci-dss-4.0:7.2.4", "soc2:CC6.3"]
    # prod was not in the signed file: its lines are neither new nor unchanged
    assert {line["change"] for line in document["lines"] if line["account"] == "prod"} == {""}
    eve = [line for line in document["lines"] if line["principal"] == "eve"]
    assert {line["change"] for line in eve if line["account"] == "dev"} == {"new"}


def test_previous_changes_are_in_the_text_and_the_pack(fresh_org, tmp_path):
    review("--out", str(tmp_path / "q4"))
    signed = tmp_path / "q4" / "review-platform-lead.csv"
    sign(signed, {})
    fresh_org.user_ids["eve"] = add_person(fresh_org, "eve")
    join(fresh_org, "AWS-Engineers", "eve")
    code, printed = review("--previous", str(signed), "--out", str(tmp_path / "q1"))
    assert code == 1
    assert "1 new, 0 gone, 0 marked 'remove' and still present" in printed
    assert "  new: dev: group member 'eve' AWS-Engineers Developer" in printed
    rows = list(csv.DictReader((tmp_path / "q1" / "review-platform-lead.csv").open()))
    assert {r["principal"]: r["change"] for r in rows}["eve"] == "new"
    assert {r["principal"]: r["change"] for r in rows}["ben"] == "unchanged"
    assert "Changes since" in (tmp_path / "q1" / "index.html").read_text()
