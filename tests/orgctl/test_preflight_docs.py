"""docs/preflight.md's IAM policy is valid and grants every call preflight makes."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO
from tests.independent_validators import moto_validate, parliament_findings

# boto3 operation in preflight's probes -> the IAM action it needs.
PROBES = ("account_probe.py", "exempt_roles.py")
CALLS = {
    "assume_role": "sts:AssumeRole",
    "list_delegated_administrators": "organizations:ListDelegatedAdministrators",
    "list_policies_for_target": "organizations:ListPoliciesForTarget",
    "list_instances": "sso:ListInstances",
    "get_group_id": "identitystore:GetGroupId",
    "describe_configuration_recorders": "config:DescribeConfigurationRecorders",
    "describe_delivery_channels": "config:DescribeDeliveryChannels",
    "list_roles": "iam:ListRoles",
}


def _policy() -> str:
    text = (REPO / "docs" / "preflight.md").read_text()
    (block,) = re.findall(r"```json\n(.*?)```", text, re.S)
    return block


def test_preflight_policy_is_valid_iam():
    document = _policy()
    moto_validate(document)
    assert parliament_findings(document, resource_star_reason="read-only List/Describe calls") == []


def test_preflight_policy_grants_every_call_preflight_makes():
    source = "\n".join((REPO / "orgctl" / name).read_text() for name in PROBES)
    used = set(re.findall(r"\.(\w+)\(", source)) | set(
        re.findall(r'get_paginator\("(\w+)"\)', source)
    )
    calls = {name for name in CALLS if name in used}
    assert calls == set(CALLS), "a new AWS call in a probe needs a row here and in the doc"
    granted = set()
    for statement in json.loads(_policy())["Statement"]:
        actions = statement["Action"]
        granted.update([actions] if isinstance(actions, str) else actions)
    assert {CALLS[c] for c in calls} <= granted
