"""The `evidence` stack output: provenance and scope the evidence pack cannot read from
resources, recorded by the program itself so real exports carry it too."""

from __future__ import annotations

import hashlib
import subprocess

from blueprint import load_blueprint
from program.stack_facts import git_commit, stack_facts
from tests.conftest import REPO, STAGING, TODAY


def test_stack_facts_record_blueprint_hash_scope_and_break_glass():
    facts = stack_facts(load_blueprint(str(STAGING), today=TODAY), "blueprints/staging.yaml", REPO)
    assert facts["blueprint_sha256"] == hashlib.sha256(STAGING.read_bytes()).hexdigest()
    assert facts["frameworks"] == ["soc2", "pci-dss-4.0"]  # the model's default
    assert facts["home_region"] in facts["allowed_regions"]
    assert facts["break_glass"]["users"] and facts["break_glass"]["role_name"]


def test_git_commit_marks_uncommitted_changes_and_outside_a_checkout(tmp_path):
    assert git_commit(tmp_path) == "unknown (not a git checkout)"

    def run(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    run("init", "-q")
    (tmp_path / "a.txt").write_text("one")
    run("add", "a.txt")
    run("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one")
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    assert git_commit(tmp_path) == head
    (tmp_path / "a.txt").write_text("two")
    assert git_commit(tmp_path) == f"{head} with uncommitted changes"


def test_offline_plan_carries_the_program_stack_outputs(tmp_path):
    import json

    from orgctl.cli import main

    assert (
        main(["plan", "--stack", "staging", "--today", TODAY.isoformat(), "--out", str(tmp_path)])
        == 0
    )
    export = json.loads((tmp_path / "staging" / "plan.json").read_text())
    stack = export["deployment"]["resources"][0]
    assert stack["type"] == "pulumi:pulumi:Stack"
    assert {"organization", "root_id", "account_ids", "org_trail_arn", "evidence"} <= set(
        stack["outputs"]
    )
    assert stack["outputs"]["evidence"]["blueprint"] == "blueprints/staging.yaml"
    assert export["deployment"]["manifest"]["as_of"] == TODAY.isoformat()
