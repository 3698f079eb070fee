"""The SCP resources under Pulumi mocks match the composed plan, and a reordered blueprint
yields the same URNs and the same policy bytes."""

from __future__ import annotations

import random

import pytest
import yaml

from blueprint import OrgTree, load_blueprint
from guardrails.compose import EXPIRED_QUARANTINE, compose_guardrails
from tests.blueprint.test_bundled_blueprints import _shuffled
from tests.conftest import PROD, TODAY
from tests.program_harness import ACCOUNT, ATTACHMENT, OU, POLICY, run


@pytest.fixture(scope="module")
def plan():
    blueprint = load_blueprint(str(PROD), today=TODAY)
    return compose_guardrails(blueprint, OrgTree(blueprint), TODAY)


def _scps(run_record):
    return [p for p in run_record.by_type(POLICY) if p.inputs["type"] == "SERVICE_CONTROL_POLICY"]


def test_policies_are_the_composed_documents(prod_program, plan):
    policies = {p.name: p for p in _scps(prod_program)}
    assert set(policies) == set(plan.policies)
    for name, record in policies.items():
        assert record.inputs["content"] == plan.policies[name].content
        assert record.inputs["type"] == "SERVICE_CONTROL_POLICY"
        assert record.inputs["name"] == f"org-iam-{name}"


def test_attachments_connect_each_policy_to_its_target(prod_program, plan):
    policy_ids = {p.name: p.id for p in _scps(prod_program)}
    target_ids = {f"ou:{r.name}": r.id for r in prod_program.by_type(OU)}
    target_ids |= {f"account:{r.name}": r.id for r in prod_program.by_type(ACCOUNT)}
    scp_ids = set(policy_ids.values())
    recorded = {
        (a.inputs["policyId"], a.inputs["targetId"])
        for a in prod_program.by_type(ATTACHMENT)
        if a.inputs["policyId"] in scp_ids
    }
    expected = {
        (policy_ids[name], target_ids[target.slug])
        for target, names in plan.attachments.items()
        for name in names
    }
    assert recorded == expected


def test_expired_sandboxes_are_quarantined_by_the_program():
    later = run(str(PROD), today="2027-01-15")
    attachments = {a.name for a in later.by_type(ATTACHMENT)}
    for sandbox in ("sandbox-asha", "sandbox-bruno", "sandbox-chen", "sandbox-dara", "sandbox-eli"):
        assert f"{EXPIRED_QUARANTINE}@account:{sandbox}" in attachments


def test_reordering_the_yaml_changes_no_urn_and_no_policy_byte(prod_program, tmp_path):
    data = yaml.safe_load(PROD.read_text())
    reordered = tmp_path / "prod.yaml"
    reordered.write_text(yaml.safe_dump(_shuffled(data, random.Random(11)), sort_keys=False))
    again = run(str(reordered))
    assert sorted(r.urn for r in again.registrations) == sorted(
        r.urn for r in prod_program.registrations
    )
    contents = {p.name: p.inputs["content"] for p in prod_program.by_type(POLICY)}
    assert {p.name: p.inputs["content"] for p in again.by_type(POLICY)} == contents


def test_reordering_the_yaml_changes_no_input_of_any_resource(prod_program, tmp_path):
    data = yaml.safe_load(PROD.read_text())
    reordered = tmp_path / "prod.yaml"
    reordered.write_text(yaml.safe_dump(_shuffled(data, random.Random(3)), sort_keys=False))
    again = {r.urn: r.inputs for r in run(str(reordered)).registrations}
    changed = [r.urn for r in prod_program.registrations if again.get(r.urn) != r.inputs]
    assert changed == []


def test_every_policy_waits_for_the_organization(prod_program):
    # On a new organization CreatePolicy fails until the organization exists (found by the
    # rehearsal with the real provider, where the two raced).
    (organization,) = prod_program.by_type("aws:organizations/organization:Organization")
    policies = prod_program.by_type(POLICY)
    assert policies
    for policy in policies:
        assert organization.urn in policy.dependencies, policy.name
