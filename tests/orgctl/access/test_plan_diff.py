"""`orgctl plan --diff` shows effective-access changes: which principal gains or loses which
sensitive action in which account, next to the grant changes, evaluated from the blueprint copy
each plan keeps beside its plan.json."""

from __future__ import annotations

import hashlib
import json

import pytest

from orgctl.access.record import BLUEPRINT_COPY, compare_records, record_for_export
from orgctl.cli import main
from orgctl.plan import effective_change
from tests.conftest import FIXTURES, TODAY

# The reviewer's test organization, with an Ops policy the managed-policy snapshot holds.
BASE = (
    (FIXTURES / "blueprints" / "review-base.yaml")
    .read_text()
    .replace("job-function/SystemAdministrator", "AmazonEC2FullAccess")
)
READ_ONLY = "    managed_policies: [job-function/ViewOnlyAccess]\n  Developer:\n"
GRANT = (
    READ_ONLY,
    "    managed_policies: [job-function/ViewOnlyAccess]\n"
    "    inline_policy:\n"
    "      Version: '2012-10-17'\n"
    "      Statement:\n"
    "        - Effect: Allow\n"
    "          Action: rds:DeleteDBInstance\n"
    "          Resource: '*'\n"
    "  Developer:\n",
)
REVOKE = (
    "    managed_policies: [PowerUserAccess]\n",
    "    managed_policies: [job-function/ViewOnlyAccess]\n",
)


def _plan(directory, name: str, text: str, *extra: str) -> int:
    path = directory / f"{name}.yaml"
    path.write_text(text)
    return main(["plan", "--stack", "staging", "--blueprint", str(path), "--today", TODAY.isoformat(),
                 "--out", str(directory / name), *extra])  # fmt: skip


def _edited(*replacements: tuple[str, str]) -> str:
    text = BASE
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("base")
    assert _plan(out, "base", BASE) == 0
    return out / "base" / "staging" / "plan.json"


def test_a_grant_shows_gains_and_a_removal_shows_losses(tmp_path, base_plan, capsys):
    capsys.readouterr()
    code = _plan(tmp_path, "head", _edited(GRANT, REVOKE), "--diff", str(base_plan),
                 "--format", "markdown")  # fmt: skip
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("#### Effective access")
    section = lines[start : lines.index("", start + 4)]
    assert "| gains | ReadOnly | `rds:DeleteDBInstance` | prod | (engineers) |" in section
    assert "| gains | ReadOnly | `rds:DeleteDBInstance` | pci | (engineers) |" in section
    assert "| **loses** | Developer | `rds:DeleteDBInstance` | dev | (engineers) |" in section
    # Only what changed: Ops, Admin and the emergency roles keep what they held.
    assert not any("| Ops |" in line or "| Admin |" in line for line in section)

    # The same comparison as data, from the blueprint copies beside the two plans.
    head_plan = tmp_path / "head" / "staging" / "plan.json"
    old, why = record_for_export(base_plan, json.loads(base_plan.read_text()), TODAY)
    new, why_new = record_for_export(head_plan, json.loads(head_plan.read_text()), TODAY)
    assert why == why_new == ""
    gained, lost = compare_records(old, new)
    assert ("ReadOnly", "prod", "rds:DeleteDBInstance") in {
        (e["principal"], e["account"], e["action"]) for e in gained
    }
    assert {(e["principal"], e["account"], e["action"]) for e in lost} >= {
        ("Developer", "dev", "rds:DeleteDBInstance"),
        ("Developer", "sandbox-ana", "rds:DeleteDBInstance"),
    }
    assert all(e["principal"] in ("ReadOnly", "Developer") for e in gained + lost)


def test_an_unchanged_blueprint_shows_no_access_change(tmp_path, base_plan, capsys):
    capsys.readouterr()
    code = _plan(tmp_path, "same", BASE, "--diff", str(base_plan), "--format", "json")
    assert code == 0
    diff = json.loads(capsys.readouterr().out)["diff"]
    assert diff["effective_access"] == {
        "compared": True,
        "not_compared": None,
        "gained": [],
        "lost": [],
    }


def _export_of(text: str) -> dict:
    """The least of an export: the blueprint sha256 the program records."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    stack = {"type": "pulumi:pulumi:Stack", "outputs": {"evidence": {"blueprint_sha256": sha}}}
    return {"deployment": {"resources": [stack]}}


def test_a_plan_without_its_blueprint_copy_is_not_compared(tmp_path):
    plan = tmp_path / "plan.json"
    change = effective_change(str(plan), _export_of(BASE), {"held": []}, TODAY)
    assert change.not_compared.startswith(f"the blueprint {plan} was planned from (sha256 ")
    assert change.not_compared.endswith(
        f"is not at hand: no {BLUEPRINT_COPY} beside it with that sha256 (orgctl plan writes one)"
    )
    assert change.as_dict()["compared"] is False


def test_a_copy_of_another_blueprint_is_not_used(tmp_path):
    (tmp_path / BLUEPRINT_COPY).write_text(_edited(GRANT))
    record, why = record_for_export(tmp_path / "plan.json", _export_of(BASE), TODAY)
    assert record is None and "is not at hand" in why
    (tmp_path / BLUEPRINT_COPY).write_text(BASE)
    record, why = record_for_export(tmp_path / "plan.json", _export_of(BASE), TODAY)
    assert why == "" and record["held"]


def test_a_policy_missing_from_the_snapshot_is_said_not_evaluated(tmp_path):
    """The reviewer's organization as it is uses job-function/SystemAdministrator, which the
    bundled snapshot does not hold: the comparison says so instead of guessing."""
    original = (FIXTURES / "blueprints" / "review-base.yaml").read_text()
    (tmp_path / BLUEPRINT_COPY).write_text(original)
    change = effective_change(str(tmp_path / "plan.json"), _export_of(original), {"held": []},
                              TODAY)  # fmt: skip
    assert change.not_compared.startswith(
        "the evaluator could not run: AWS-managed policy 'job-function/SystemAdministrator' is "
        "not in the bundled snapshot"
    )
    change = effective_change("unused.json", {}, {"error": "no such policy"}, TODAY)
    assert change.not_compared == "this plan's access cannot be evaluated: no such policy"
