"""The pull-request workflow in examples/ci/ runs green on two local commits: every `run:`
step is executed as GitHub's runner would (bash -eo pipefail, the step's env, `${{ }}`
expressions resolved), in a temporary git repository whose head raises a session length.
Only the GitHub API is stood in for, by a `gh` that records the comment it would post."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

WORKFLOW = REPO / "examples" / "ci" / "org-iam-plan.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
GH_STUB = """#!/bin/sh
[ -n "$GH_TOKEN" ] || { echo "gh: no GH_TOKEN" >&2; exit 4; }
echo "$@" > "$GH_CALLS"
while [ $# -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cp "$2" "$GH_BODY"; fi
  shift
done
"""


def _git(workspace: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(workspace), "-c", "user.name=ci", "-c", "user.email=ci@example.com",
         *args], check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def _repository(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The project's files (tracked, and new ones not ignored) in a new repository: a base
    commit, then a head commit that replaces `old` by `new` in the staging blueprint."""
    workspace = tmp_path / "workspace"
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "--cached", "--others", "--exclude-standard"], check=True,
                             capture_output=True, text=True).stdout.split()  # fmt: skip
    for name in tracked:
        source = REPO / name
        if source.is_file():
            (workspace / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, workspace / name)
    _git(workspace, "init", "-q", "-b", "main")
    _git(workspace, "add", "-A")
    _git(workspace, "commit", "-q", "-m", "base")
    base = _git(workspace, "rev-parse", "HEAD")
    staging = workspace / "blueprints" / "staging.yaml"
    text = staging.read_text()
    assert text.count(old) == 1
    staging.write_text(text.replace(old, new))
    _git(workspace, "commit", "-q", "-am", "the change under review")
    return workspace, base


def _venv(workspace: Path) -> None:
    """A .venv that is this test's interpreter and packages, installed as `make` expects (its
    stamp newer than the requirements), so the install step has nothing to do."""
    venv, ours = workspace / ".venv", Path(sys.prefix)
    (venv / "bin").mkdir(parents=True)
    shutil.copy(ours / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / "bin" / "python").symlink_to(Path(sys.executable).resolve())
    (venv / "lib").symlink_to((ours / "lib").resolve())
    (venv / ".installed").touch()


def _resolve(text: str, context: dict[str, str]) -> str:
    def lookup(match: re.Match) -> str:
        assert match.group(1) in context, f"unknown expression {match.group(0)}"
        return context[match.group(1)]

    return EXPRESSION.sub(lookup, str(text))


def _condition(expression: str, outcomes: dict[str, str]) -> bool:
    python = expression.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
    python = re.sub(r"steps\.(\w+)\.outcome", lambda m: repr(outcomes.get(m.group(1), "skipped")), python)  # fmt: skip
    return bool(eval(python, {"__builtins__": {}}, {}))  # a test of our own workflow file


def _run_workflow(
    tmp_path: Path, old: str, new: str
) -> tuple[dict[str, subprocess.CompletedProcess], str]:
    """Run the job's steps for the staging stack as the runner would, stopping at a failing
    step; return each step's result and the base commit."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    job = workflow["jobs"]["plan"]
    assert "staging" in job["strategy"]["matrix"]["stack"]
    workspace, base = _repository(tmp_path, old, new)
    _venv(workspace)
    bin_dir, runner_temp = tmp_path / "bin", tmp_path / "runner"
    bin_dir.mkdir()
    runner_temp.mkdir()
    (bin_dir / "gh").write_text(GH_STUB)
    (bin_dir / "gh").chmod(0o755)
    context = {
        "matrix.stack": "staging",
        "github.event.pull_request.base.sha": base,
        "github.event.pull_request.number": "7",
        "github.token": "test-token",
    }
    outcomes: dict[str, str] = {}
    ran: dict[str, subprocess.CompletedProcess] = {}
    for index, step in enumerate(job["steps"]):
        if "uses" in step:
            continue  # checkout and setup-python: the test made the checkout itself
        script = step["run"]
        assert "${{" not in script, f"step {step.get('name')}: expressions belong in env"
        if "if" in step and not _condition(step["if"], outcomes):
            continue
        output = tmp_path / f"output-{index}"
        output.touch()
        env = {
            **os.environ,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(output),
            "GH_CALLS": str(tmp_path / "gh-calls"),
            "GH_BODY": str(tmp_path / "gh-body.md"),
            **{k: _resolve(v, context) for k, v in {**job["env"], **step.get("env", {})}.items()},
        }
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                cwd=workspace, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
        ran[step["name"]] = result
        if result.returncode != 0:
            break
        if "id" in step:
            outcomes[step["id"]] = "success"
            for line in output.read_text().splitlines():
                key, _, value = line.partition("=")
                context[f"steps.{step['id']}.outputs.{key}"] = value
    return ran, base


SESSION = ("session_duration: PT4H", "session_duration: PT8H")
NO_ADMIN_BOUNDARY = (
    "    managed_policies: [AdministratorAccess]\n    boundary: EngineerPermissionBoundary\n",
    "    managed_policies: [AdministratorAccess]\n",
)


def test_workflow_steps_validate_plan_base_and_head_and_post_the_diff(tmp_path):
    ran, base = _run_workflow(tmp_path, *SESSION)
    runner_temp, workspace = tmp_path / "runner", tmp_path / "workspace"
    failed = {name: r.stdout + r.stderr for name, r in ran.items() if r.returncode != 0}
    assert failed == {}
    assert list(ran) == [
        "Install the pinned requirements",
        "Validate every blueprint",
        "Plan the base of the pull request",
        "Plan the head and diff it against the base",
        "Post the diff on the pull request",
        "Fail on an invalid blueprint or a mandatory policy violation",
    ]
    assert (tmp_path / "gh-calls").read_text().split() == [
        "pr", "comment", "7", "--body-file", str(runner_temp / "diff.md"),
    ]  # fmt: skip
    body = (tmp_path / "gh-body.md").read_text().splitlines()
    assert body[0] == "### org-iam plan diff: stack `staging`"
    assert "- `Ops` (Identity Center permission set): `sessionDuration` `PT4H` → `PT8H`" in body
    assert "0 mandatory violation(s), 0 finding(s)" in body
    # The base was planned from the base commit, not from the head.
    assert (runner_temp / "base-out" / "staging" / "plan.json").is_file()
    assert _git(workspace, "-C", str(runner_temp / "base"), "rev-parse", "HEAD") == base


def test_workflow_comments_then_fails_on_a_mandatory_violation(tmp_path):
    ran, _ = _run_workflow(tmp_path, *NO_ADMIN_BOUNDARY)
    statuses = {name: result.returncode for name, result in ran.items()}
    assert statuses == {
        "Install the pinned requirements": 0,
        "Validate every blueprint": 0,
        "Plan the base of the pull request": 0,
        "Plan the head and diff it against the base": 0,
        "Post the diff on the pull request": 0,
        "Fail on an invalid blueprint or a mandatory policy violation": 1,
    }
    body = (tmp_path / "gh-body.md").read_text()
    assert "1 mandatory violation(s)" in body
    assert "[mandatory] sso-privileged-set-requires-boundary: `Admin`" in body
    assert (
        "orgctl plan exited 1"
        in ran["Fail on an invalid blueprint or a mandatory policy violation"].stdout
    )
