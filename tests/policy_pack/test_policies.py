"""Every policy passes its compliant stack and fails its noncompliant one (tests/policy_pack/cases.py)."""

from __future__ import annotations

import pytest

from orgctl.policy_runner import ALL_POLICIES
from tests.policy_pack.cases import CASES, CONFIG
from tests.policy_pack.helpers import findings

BY_NAME = {policy.name: policy for policy in ALL_POLICIES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_compliant_stack_passes(name):
    compliant, _, _ = CASES[name]
    assert findings(BY_NAME[name], compliant, CONFIG) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_noncompliant_stack_fails_with_a_clear_message(name):
    _, noncompliant, fragment = CASES[name]
    found = findings(BY_NAME[name], noncompliant, CONFIG)
    assert found, f"{name} found nothing"
    assert all(f.kind == "violation" for f in found)
    assert any(fragment in f.message for f in found), [f.message for f in found]
    assert all(f.message.endswith(".") for f in found)
