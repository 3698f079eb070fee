"""With a blueprint, the review adds its owners and environments and flags access the
blueprint does not grant; the break-glass users are those it names."""

from __future__ import annotations

import json

from tests.conftest import MINIMAL
from tests.orgctl.review.seeded import EXPECTED, MANAGEMENT_ID, write_test_record
from tests.orgctl.review.test_seeded_review import flags_of, review

# Access the minimal blueprint does not grant: Admin in prod (it grants Admin in dev only), the
# direct assignment, and every IAM user that is not break-glass.
NOT_GRANTED = {
    ("not-in-blueprint", "prod", "ana"),
    ("not-in-blueprint", "dev", "dan"),
    *(
        ("not-in-blueprint", account, user)
        for account, user in [
            ("prod", "ci-old-key"),
            ("prod", "ci-fresh"),
            ("prod", "ops-console-nomfa"),
            ("prod", "ops-console-mfa"),
            ("dev", "legacy-console"),
            ("dev", "key-never-used-old"),
            ("dev", "key-recent"),
        ]
    ),
}


def blueprint_for(seeded, tmp_path):
    text = MINIMAL.read_text()
    text = text.replace('id: "111111111111"', f'id: "{MANAGEMENT_ID}"', 1)
    text = text.replace(
        'prod: {email: aws-prod@example.com, id: "222222222222"}',
        f'prod: {{email: aws-prod@example.com, id: "{seeded.account_ids["prod"]}", '
        "owner: payments-director}",
        1,
    )
    text = text.replace(
        "dev: {email: aws-dev@example.com}",
        f'dev: {{email: aws-dev@example.com, id: "{seeded.account_ids["dev"]}"}}',
        1,
    )
    path = tmp_path / "blueprint.yaml"
    path.write_text(text)
    return str(path)


def test_blueprint_adds_drift_owners_and_environments(seeded_org, tmp_path):
    code, printed = review(
        "--blueprint",
        blueprint_for(seeded_org, tmp_path),
        "--format",
        "json",
        "--break-glass-tests",
        write_test_record(tmp_path / "tests.csv"),
    )
    document = json.loads(printed)
    assert code == 1
    assert flags_of(document) == EXPECTED | NOT_GRANTED
    prod = {
        (line["owner"], line["environment"])
        for line in document["lines"]
        if line["account"] == "prod"
    }
    assert prod == {("payments-director", "production")}
    dev = {
        (line["owner"], line["environment"])
        for line in document["lines"]
        if line["account"] == "dev"
    }
    assert dev == {("platform-lead", "nonproduction")}  # no owner in the blueprint: the tag's


def test_granted_group_access_is_not_drift(seeded_org, tmp_path):
    _, printed = review("--blueprint", blueprint_for(seeded_org, tmp_path), "--format", "json")
    lines = json.loads(printed)["lines"]
    ben = [line for line in lines if line["principal"] == "ben"]
    assert len(ben) == 2 and all(not line["flags"] for line in ben)


def test_another_organizations_blueprint_is_refused(seeded_org, tmp_path, capsys):
    code, printed = review("--blueprint", str(MINIMAL))
    assert code == 2 and printed == ""
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "111111111111" in error and "Traceback" not in error
