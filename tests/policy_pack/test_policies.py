"""Every policy passes its compliant stack, and every rule of every policy fails its own
noncompliant stack with its own message (tests/policy_pack/cases.py)."""

from __future__ import annotations

import pytest

from orgctl.policy_runner import ALL_POLICIES
from tests.policy_pack.cases import CASES, CONFIG, rule_cases
from tests.policy_pack.helpers import findings

BY_NAME = {policy.name: policy for policy in ALL_POLICIES}
RULES = [(policy, rule, stack, fragment) for policy, rule, stack, fragment in rule_cases()]


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


@pytest.mark.parametrize(
    ("policy", "stack", "fragment"),
    [(policy, stack, fragment) for policy, _, stack, fragment in RULES],
    ids=[f"{policy}:{rule}" for policy, rule, _, _ in RULES],
)
def test_each_rule_fails_its_own_noncompliant_stack(policy, stack, fragment):
    found = findings(BY_NAME[policy], stack, CONFIG)
    assert any(f.kind == "violation" and fragment in f.message for f in found), [
        f.message for f in found
    ]
    assert all(f.message.endswith(".") for f in found)
