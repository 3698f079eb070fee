"""The shared IAM action lists: real action names, sorted as every generated document is."""

from __future__ import annotations

import pytest

from blueprint.iam_actions import POLICY_REWRITE_ACTIONS, POLICY_TAMPERING_ACTIONS
from blueprint.policy_language import check_action


@pytest.mark.parametrize("action", POLICY_TAMPERING_ACTIONS)
def test_every_action_is_one_iam_knows(action):
    assert check_action(action) is None


def test_a_misspelt_action_would_be_caught():
    assert check_action("iam:CreatePolicyVersions") is not None


def test_tampering_is_every_rewrite_plus_retagging_and_both_are_sorted():
    assert set(POLICY_TAMPERING_ACTIONS) - set(POLICY_REWRITE_ACTIONS) == {
        "iam:TagPolicy",
        "iam:UntagPolicy",
    }
    assert list(POLICY_REWRITE_ACTIONS) == sorted(POLICY_REWRITE_ACTIONS)
    assert list(POLICY_TAMPERING_ACTIONS) == sorted(POLICY_TAMPERING_ACTIONS)
