"""Settings read back from org-iam's own guardrails: found in library statements, never guessed
from a hand-made statement that merely looks alike."""

from __future__ import annotations

import json

from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY
from orgctl.adoption.settings import RecordedSettings, recorded_settings
from orgctl.live.snapshot import LiveScp

CONTEXT = GuardrailContext(
    partition="aws",
    allowed_regions=("eu-west-1", "us-east-1"),
    access_role="OrganizationAccountAccessRole",
    deployment_roles=("ci-deployer",),
    break_glass_role="BreakGlassAdmin",
    boundary_policies=(),
    log_bucket_prefixes=("acme-access-logs-", "acme-config-history-", "acme-log-archive-"),
)


def scp(*statements: dict) -> LiveScp:
    content = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    return LiveScp("p-1", "org-iam-x", "org-iam guardrails: x", content, False, ())


def rendered(sid: str) -> dict:
    return {"Sid": sid, **LIBRARY[sid].render(CONTEXT)}


def test_regions_roles_and_name_come_from_library_statements():
    found = recorded_settings(
        (scp(rendered("DenyOutsideAllowedRegions"), rendered("ProtectLogArchive")),)
    )

    assert found.allowed_regions == ("eu-west-1", "us-east-1")
    assert "ci-deployer" in found.exempt_roles
    assert found.organization_name == "acme"


def test_a_hand_made_statement_with_another_sid_tells_nothing():
    statement = {**rendered("DenyOutsideAllowedRegions"), "Sid": "RegionLock"}

    assert recorded_settings((scp(statement),)) == RecordedSettings()
