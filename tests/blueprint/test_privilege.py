"""Administrator-level detection matches actions as AWS does: in any case, wildcards included."""

from __future__ import annotations

import pytest

from blueprint.model import PermissionSet
from blueprint.privilege import grants_whole_admin_service, is_admin_like


def _inline(action: str, effect: str = "Allow") -> PermissionSet:
    statement = {"Effect": effect, "Action": action, "Resource": "*"}
    return PermissionSet.model_validate(
        {
            "description": "x",
            "session_duration": "1h",
            "inline_policy": {"Version": "2012-10-17", "Statement": [statement]},
        }
    )


@pytest.mark.parametrize(
    "action", ["*", "iam:*", "IAM:*", "Iam:*", "ORGANIZATIONS:*", "sts:*", "i?m:*", "*:*"]
)
def test_whole_admin_services_in_any_case_are_administrator_level(action):
    assert grants_whole_admin_service(action)
    assert is_admin_like(_inline(action))


@pytest.mark.parametrize("action", ["iam:Get*", "s3:*", "IAM:ListRoles", "ec2:*"])
def test_narrower_actions_are_not(action):
    assert not grants_whole_admin_service(action)
    assert not is_admin_like(_inline(action))


def test_deny_of_iam_star_is_not_a_grant():
    assert not is_admin_like(_inline("IAM:*", effect="Deny"))
