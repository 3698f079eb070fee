"""The rehearsal with the real provider against the emulator: the staging stack end to end
(rehearsed once, read by every check), and seeded program defects caught with the provider's
message and the resource's URN."""

from __future__ import annotations

import copy

import pytest

from orgctl.plan import build_plan
from orgctl.rehearsal.command import rehearse
from orgctl.rehearsal.terraform import find_tooling
from tests.conftest import REPO, TODAY
from tests.orgctl.rehearsal.checks import (
    assert_core_applied_and_unchanged,
    assert_every_finding_explained,
)

# The provider's schema, generated once per provider version: the same cache `make rehearse` uses.
SCHEMA_CACHE = REPO / "out" / "rehearsal-cache"
KEY = "aws:kms/key:Key"
SCP = "aws:organizations/policy:Policy"
SCP_ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"


@pytest.fixture(scope="module")
def tooling():
    found, missing = find_tooling()
    assert found is not None, missing
    return found


@pytest.fixture(scope="module")
def staging_plan(tmp_path_factory):
    return build_plan("staging", TODAY, tmp_path_factory.mktemp("plan")).export


def _only(plan: dict, *names: str) -> dict:
    """The named resources, what they depend on, and their providers."""
    resources = plan["deployment"]["resources"]
    by_urn = {r["urn"]: r for r in resources}
    wanted = {r["urn"] for r in resources if r["urn"].rsplit("::", 1)[-1] in names}
    while True:
        more = set()
        for urn in wanted:
            more |= {d for d in by_urn[urn].get("dependencies", []) if by_urn[d].get("custom")}
            more.add(by_urn[urn].get("provider", "").rpartition("::")[0])
        more = {u for u in more if u in by_urn}
        if more <= wanted:
            break
        wanted |= more
    kept = copy.deepcopy([r for r in resources if r["urn"] in wanted or not r.get("custom")])
    return {"version": 3, "deployment": {"resources": kept}}


def _one(plan: dict, type_: str, name: str) -> dict:
    (found,) = [
        r
        for r in plan["deployment"]["resources"]
        if r["type"] == type_ and r["urn"].endswith(f"::{name}")
    ]
    return found


def _defects(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["kind"] == "program-defect"]


def test_a_value_the_provider_refuses_is_caught_with_its_message_and_urn(
    tooling, staging_plan, tmp_path
):
    plan = _only(staging_plan, "trail-log-group")
    key = _one(plan, KEY, "trail-log-group")
    key["inputs"]["deletionWindowInDays"] = 3.0

    report = rehearse(
        plan, "seeded", tooling, tmp_path / "rehearsal", max_providers=2, cache_dir=SCHEMA_CACHE
    )

    (defect,) = _defects(report)
    assert defect["urn"] == key["urn"]
    assert "deletion_window_in_days" in defect["message"] and "(7 - 30)" in defect["message"]
    assert report["counts"]["applied"] == 0


def test_a_resource_whose_dependency_was_removed_is_caught_with_its_urn(
    tooling, staging_plan, tmp_path
):
    # An SCP attachment that no longer waits for its policy: it carries the policy's planned
    # id, which never exists. (Organizations refuses at once; IAM would retry a missing policy
    # for two minutes before refusing.)
    plan = _only(staging_plan, "quarantine@ou:Suspended")
    attachment = _one(plan, SCP_ATTACHMENT, "quarantine@ou:Suspended")
    policy = _one(plan, SCP, "quarantine")
    attachment["dependencies"].remove(policy["urn"])
    attachment["propertyDependencies"]["policyId"] = []

    report = rehearse(
        plan, "seeded", tooling, tmp_path / "rehearsal", max_providers=2, cache_dir=SCHEMA_CACHE
    )

    stages = {f["stage"]: f for f in _defects(report) if f["urn"] == attachment["urn"]}
    assert policy["urn"] in stages["translate"]["message"]
    assert "PolicyNotFoundException" in stages["apply"]["message"]
    assert policy["id"] in stages["apply"]["message"]


@pytest.fixture(scope="module")
def staging_report(tooling, staging_plan, tmp_path_factory):
    """One rehearsal of the whole staging stack, read by each check below."""
    work = tmp_path_factory.mktemp("staging") / "rehearsal"
    return rehearse(staging_plan, "staging", tooling, work, cache_dir=SCHEMA_CACHE)


def test_staging_leaves_no_candidate_program_defect(staging_report):
    assert _defects(staging_report) == []


def test_staging_explains_every_error_and_second_plan_change(staging_report):
    assert_every_finding_explained(staging_report)
    assert staging_report["counts"]["replan_changes"] == 0


def test_staging_organizations_iam_and_identity_center_apply_and_replan_clean(staging_report):
    assert_core_applied_and_unchanged(staging_report)


def test_staging_rehearsal_fits_in_6_gb(staging_report):
    assert 0 < staging_report["peak_rss_mib"] < 6 * 1024
