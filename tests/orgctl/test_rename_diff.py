"""`orgctl plan --diff` and `orgctl validate --previous` on renamed keys: with `renamed_from`
the diff says "renamed"; without it, the diff shows the deletions and validation warns."""

from __future__ import annotations

import json

import pytest

from orgctl.cli import main
from orgctl.diff import compare
from orgctl.diff_format import markdown, text
from tests.conftest import FIXTURES, TODAY

BASE = FIXTURES / "blueprints" / "review-base.yaml"


def test_the_diff_says_renamed_instead_of_deleted_and_created(prod_export, renamed_prod_export):
    diff = compare(prod_export, renamed_prod_export)
    assert (diff.count("create"), diff.count("delete"), diff.count("rename")) == (0, 0, 34)
    assert diff.gained == [] and diff.lost == []  # a renamed grant is the same grant
    lines = text(diff).splitlines()
    assert lines[0].startswith("Changes: 0 to create, 0 to delete, 34 renamed, 4 to change")
    assert "  > AWS account  prod-app-1 → checkout-prod (renamed)" in lines
    assert "  > organizational unit  Production → Prod (renamed)" in lines
    assert (
        "  > Identity Center account assignment  DBA:dbas@prod-app-1 → "
        "DatabaseAdmin:database-admins@checkout-prod (renamed)"
    ) in lines
    page = markdown(diff, "t")
    assert "| `checkout-prod` | `prod-app-1` | AWS account |" in page
    # Identity Center cannot rename a permission set: the diff says what `pulumi up` does.
    (warning,) = diff.warnings
    assert "cannot rename permission set `DBA`" in warning
    summary = diff.as_dict()
    assert summary["summary"]["rename"] == 34
    account = next(c for c in summary["changes"] if c["name"] == "checkout-prod" and
                   c["kind"] == "AWS account")  # fmt: skip
    assert account["previous_name"] == "prod-app-1"
    assert account["previous_urn"].endswith("::prod-app-1")


def test_without_renamed_from_the_diff_shows_the_protected_account_deleted(
    prod_export, renamed_bare_prod_export
):
    diff = compare(prod_export, renamed_bare_prod_export)
    assert (diff.count("create"), diff.count("delete"), diff.count("rename")) == (34, 34, 0)
    assert any("`prod-app-1` is protected" in w for w in diff.warnings)


def _main(tmp_path, name: str, blueprint: str, *extra: str) -> int:
    path = tmp_path / f"{name}.yaml"
    path.write_text(blueprint)
    return main(["plan", "--stack", "staging", "--blueprint", str(path), "--today", TODAY.isoformat(),
                 "--out", str(tmp_path / name), *extra])  # fmt: skip


def _renamed(with_renamed_from: bool) -> str:
    key = "  checkout: {email: aws-dev@example.com"
    key += ", renamed_from: [dev]}\n" if with_renamed_from else "}\n"
    text_ = BASE.read_text()
    for old, new in (("  dev: {email: aws-dev@example.com}\n", key),
                     ("    accounts: [dev]\n", "    accounts: [checkout]\n"),
                     ("    accounts: [dev]\n", "    accounts: [checkout]\n")):  # fmt: skip
        assert old in text_
        text_ = text_.replace(old, new, 1)
    return text_


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("base")
    assert _main(out, "base", BASE.read_text()) == 0
    return out / "base" / "staging" / "plan.json"


def test_the_pull_request_comment_lists_the_renames(tmp_path, base_plan, capsys):
    capsys.readouterr()
    status = _main(
        tmp_path, "head", _renamed(True), "--diff", str(base_plan), "--format", "markdown"
    )
    assert status == 0
    page = capsys.readouterr().out
    assert "0 to create, 0 to delete, 15 renamed" in page
    assert "#### Renamed (Pulumi keeps these resources: not deleted, not created)" in page
    assert "| `checkout` | `dev` | AWS account |" in page
    assert "Blueprint warnings" not in page


def test_the_pull_request_comment_warns_about_a_rename_without_renamed_from(
    tmp_path, base_plan, capsys
):
    capsys.readouterr()
    status = _main(
        tmp_path, "head", _renamed(False), "--diff", str(base_plan), "--format", "markdown"
    )
    assert status == 0  # a warning, not an error: deleting an account may be intended
    page = capsys.readouterr().out
    assert "#### Blueprint warnings" in page
    assert "account 'checkout' is new and account 'dev' is gone" in page
    assert "add `renamed_from: [dev]`" in page


def test_validate_previous_warns_and_still_exits_clean(tmp_path, base_plan, capsys):
    head = tmp_path / "head.yaml"
    head.write_text(_renamed(False))
    capsys.readouterr()
    args = ["validate", "--today", TODAY.isoformat(), "--previous", str(base_plan), str(head)]
    assert main([*args, "--format", "json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)
    assert (finding["severity"], finding["path"]) == ("warning", "accounts.checkout")
    assert (
        finding["line"]
        == head.read_text().splitlines().index("  checkout: {email: aws-dev@example.com}") + 1
    )
    # The previous blueprint file works as well as its plan.
    assert main(["validate", "--today", TODAY.isoformat(), "--previous", str(BASE), str(head)]) == 0
    assert "account 'dev' is gone" in capsys.readouterr().out
    head.write_text(_renamed(True))
    assert main([*args]) == 0
    assert capsys.readouterr().out == ""


def test_validate_previous_that_cannot_be_read_is_a_usage_error(tmp_path, capsys):
    missing = tmp_path / "missing.json"
    assert main(["validate", "--previous", str(missing), str(BASE)]) == 2
    assert "missing.json" in capsys.readouterr().out
    not_a_plan = tmp_path / "list.json"
    not_a_plan.write_text("{}")
    assert main(["validate", "--previous", str(not_a_plan), str(BASE)]) == 2
