"""The registry as a whole: names are an interface, metadata is complete, every policy is
tested both ways, the pack is built in one place only, and the README matches the code."""

from __future__ import annotations

import re

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy

from orgctl.policy_runner import ALL_POLICIES
from orgiam_policies.catalog import README, render_readme
from tests.conftest import REPO
from tests.policy_pack.cases import CASES, RULE_CASES, rule_cases

REQUIRED = {
    "iam-no-admin-wildcard", "iam-no-iam-users", "iam-no-access-keys", "iam-no-inline-user-policies",
    "iam-trust-no-wildcard-principal", "iam-break-glass-trust", "iam-role-requires-boundary",
    "iam-boundary-blocks-escalation", "iam-password-policy-strength", "sso-session-duration-cap",
    "sso-privileged-set-requires-boundary", "sso-assign-groups-only", "sso-no-admin-in-pci-accounts",
    "scp-size-limit", "scp-valid-document", "scp-attachment-quota", "scp-baseline-everywhere",
    "org-account-protected", "org-account-in-ou", "org-account-email-domain",
    "cloudtrail-org-trail-hardened", "log-archive-object-lock", "log-group-retention",
    "kms-key-rotation", "cis-alarms-complete", "alarm-has-actions", "sns-topic-encrypted",
    "break-glass-alerting", "access-analyzer-org-enabled",
}  # fmt: skip


def test_every_required_policy_exists_under_its_interface_name():
    names = [p.name for p in ALL_POLICIES]
    assert len(names) == len(set(names))
    assert set(names) >= REQUIRED


def test_metadata_is_complete():
    for policy in ALL_POLICIES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", policy.name), policy.name
        assert policy.description[0].isupper() and policy.description.endswith("."), policy.name
        assert policy.severity is not None, policy.name
        assert policy.enforcement_level in (EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY)
        assert any(t.startswith("soc2:") for t in policy.tags), policy.name
        assert any(t.startswith("pci-dss-4.0:") for t in policy.tags), policy.name


def test_every_stack_policy_says_why_it_needs_more_than_one_resource():
    """A check of one resource belongs in a resource policy, which blocks before creation."""
    for policy in ALL_POLICIES:
        spans = getattr(policy, "spans", None)
        if isinstance(policy, ResourceValidationPolicy):
            assert spans is None, policy.name
        else:
            assert spans and not spans.endswith("."), policy.name


def test_every_policy_has_a_passing_and_a_failing_case():
    assert set(CASES) == {p.name for p in ALL_POLICIES}


def test_every_rule_has_its_own_failing_case():
    """A policy of several rules declares them (`rules`), and each has a noncompliant stack in
    RULE_CASES; a policy of one rule is its own rule and fails its CASES stack."""
    for policy in ALL_POLICIES:
        declared = set(policy.rules)
        if declared == {policy.name}:
            assert policy.name not in RULE_CASES, policy.name
        else:
            assert set(RULE_CASES.get(policy.name, {})) == declared, policy.name
    assert {(p, r) for p, r, _, _ in rule_cases()} == {
        (policy.name, rule) for policy in ALL_POLICIES for rule in policy.rules
    }


CONSTRUCTOR = re.compile(r"^\s*(?:\w+\s*=\s*)?PolicyPack\(", re.MULTILINE)


def test_policy_pack_is_constructed_only_in_its_main():
    constructors = [
        path.relative_to(REPO).as_posix()
        for path in REPO.rglob("*.py")
        if ".venv" not in path.parts and CONSTRUCTOR.search(path.read_text())
    ]
    assert constructors == ["policy-pack/__main__.py"]


def test_policy_pack_readme_is_current():
    assert README.read_text() == render_readme(), "stale policy-pack/README.md: run `make docs`"


def test_policy_pack_pins_its_own_requirements():
    lines = (REPO / "policy-pack" / "requirements.txt").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
