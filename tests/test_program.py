"""The Pulumi program (`__main__.py`) under Pulumi's mock runtime: the stack's blueprint builds
every account, and an invalid blueprint stops the run before any resource is registered."""

from __future__ import annotations

import runpy

import pulumi
import pytest
from pulumi.runtime import mocks

from blueprint import load_blueprint
from tests.conftest import REPO, STAGING, TODAY
from tests.program_harness import ACCOUNT, run


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return [f"{args.name}-id", args.inputs]

    def call(self, args):
        return {}


class _RecordingMonitor(mocks.MockMonitor):
    def __init__(self, mock: pulumi.runtime.Mocks):
        super().__init__(mock)
        self.registered: list[str] = []

    def RegisterResource(self, request):
        self.registered.append(request.type)
        return super().RegisterResource(request)


def _run_program(blueprint: str, monitor: _RecordingMonitor, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    pulumi.runtime.set_mocks(
        monitor.mocks, project="org-iam", stack="test", preview=False, monitor=monitor
    )
    pulumi.runtime.set_all_config({"org-iam:blueprint": blueprint})
    runpy.run_path(str(REPO / "__main__.py"), run_name="__main__")


def test_program_loads_the_stack_blueprint_and_builds_every_account(monkeypatch):
    """The path as Pulumi.staging.yaml gives it (relative to the project), through the harness
    that waits for every output, so an error anywhere in the program fails the test."""
    monkeypatch.chdir(REPO)
    recorded = run("blueprints/staging.yaml")
    blueprint = load_blueprint(str(STAGING), today=TODAY)
    members = set(blueprint.accounts) - {blueprint.organization.management_account}
    assert {r.name for r in recorded.by_type(ACCOUNT)} == members
    assert recorded.stack_outputs["organization"] == blueprint.organization.name
    assert set(recorded.stack_outputs["account_ids"]) == set(blueprint.accounts)
    assert recorded.stack_outputs["org_trail_arn"].startswith("arn:aws:cloudtrail:")


def test_invalid_blueprint_raises_before_any_resource(monkeypatch):
    broken = "tests/fixtures/broken/unknown-group.yaml"
    monitor = _RecordingMonitor(_Mocks())
    with pytest.raises(pulumi.RunError) as caught:
        _run_program(broken, monitor, monkeypatch)
    message = str(caught.value)
    assert "nothing was deployed" in message
    assert f"{broken}:69:12: assignments[2].group: unknown group 'enginers'" in message
    assert monitor.registered == []


def test_missing_blueprint_file_is_a_run_error(monkeypatch):
    with pytest.raises(pulumi.RunError, match="no such file"):
        _run_program("blueprints/absent.yaml", _RecordingMonitor(_Mocks()), monkeypatch)
