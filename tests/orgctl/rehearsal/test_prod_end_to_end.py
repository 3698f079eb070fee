"""The whole organization (the prod stack, ~560 resources in ~6 batches) rehearsed end to end.
It takes 20 minutes or more on a 2-core machine, so `make test` leaves it out: run it with
`make test-rehearsal-prod` (ORGCTL_REHEARSAL_E2E=1 ORGCTL_REHEARSAL_PROD=1)."""

from __future__ import annotations

import pytest

from orgctl.plan import build_plan
from orgctl.rehearsal.command import rehearse
from orgctl.rehearsal.terraform import find_tooling
from tests.conftest import REPO, TODAY
from tests.orgctl.rehearsal.checks import (
    assert_core_applied_and_unchanged,
    assert_every_finding_explained,
)


@pytest.fixture(scope="module")
def prod_report(tmp_path_factory):
    tooling, missing = find_tooling()
    assert tooling is not None, missing
    plan = build_plan("prod", TODAY, tmp_path_factory.mktemp("plan")).export
    work = tmp_path_factory.mktemp("prod") / "rehearsal"
    return rehearse(plan, "prod", tooling, work, cache_dir=REPO / "out" / "rehearsal-cache")


def test_prod_explains_every_error_and_second_plan_change(prod_report):
    assert_every_finding_explained(prod_report)
    assert prod_report["counts"]["replan_changes"] == 0


def test_prod_organizations_iam_and_identity_center_apply_and_replan_clean(prod_report):
    assert_core_applied_and_unchanged(prod_report)


def test_prod_rehearsal_fits_in_6_gb(prod_report):
    assert len(prod_report["batches"]) > 1
    assert 0 < prod_report["peak_rss_mib"] < 6 * 1024
