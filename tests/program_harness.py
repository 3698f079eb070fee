"""Run the Pulumi program under mocks for tests: one call, a fixed clock, the repo as project."""

from __future__ import annotations

from orgctl.mock_runtime import RecordingMonitor, run_program
from tests.conftest import REPO, TODAY

ACCOUNT = "aws:organizations/account:Account"
OU = "aws:organizations/organizationalUnit:OrganizationalUnit"
POLICY = "aws:organizations/policy:Policy"
ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"
PROVIDER = "pulumi:providers:aws"


def run(blueprint: str, today: str = TODAY.isoformat(), stack: str = "test") -> RecordingMonitor:
    return run_program(REPO, stack, {"org-iam:blueprint": blueprint, "org-iam:today": today})
