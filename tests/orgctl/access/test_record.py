"""The effective-access record beside a plan, and the evidence section rendered from it: a
violated assertion is shown with its principal, account, request and path."""

from __future__ import annotations

import re

from blueprint import OrgTree, load_blueprint
from orgctl.access.record import build_record, held_actions
from orgctl.evidence.effective_access import effective_access_html, matrix_csv
from tests.conftest import TODAY
from tests.orgctl.access.test_assertions import REOPENED


def test_held_actions_are_one_per_principal_account_and_action(prod_rows):
    held = held_actions(prod_rows)
    keys = [(h["principal"], h["account"], h["action"]) for h in held]
    assert len(keys) == len(set(keys)) and keys
    assert sorted(keys, key=lambda k: (k[1], k[0], k[2])) == keys
    assert ("Admin", "network", "rds:DeleteDBInstance") in keys
    assert ("deployer org-iam-deployer", "prod-app-1", "cloudtrail:StopLogging") in keys
    assert not any(k[0] == "ReadOnly" for k in keys)


def test_a_violated_assertion_is_rendered_with_its_path(prod_variant):
    path = prod_variant(*REOPENED)
    blueprint = load_blueprint(str(path), today=TODAY)
    record = build_record(blueprint, OrgTree(blueprint), TODAY, "ab" * 32)
    html = effective_access_html(record)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "VIOLATED (" in html
    assert (
        "permission-set Developer@dev (groups: catalog-team, checkout-team, payments-team, "
        "platform-engineers), through create and assume role/OrganizationAccountAccessRole "
        "(AdministratorAccess, boundary EngineerPermissionBoundary), can cloudtrail:StopLogging"
    ) in text
    assert "abab" in text and "not a test of deployed accounts" in text
    assert matrix_csv(record).count("\n") == record["rows"] + 1


def test_a_policy_the_snapshot_lacks_is_recorded_as_not_evaluated(prod_variant):
    path = prod_variant(("[PowerUserAccess]", "[job-function/SystemAdministrator]"))
    blueprint = load_blueprint(str(path), today=TODAY)
    record = build_record(blueprint, OrgTree(blueprint), TODAY, "ab" * 32)
    assert "held" not in record
    assert "job-function/SystemAdministrator" in record["error"]


def test_a_rename_alone_gains_and_loses_no_access(tmp_path):
    """The renamed prod copy renames an account, an OU, a permission set and a group: with its
    renames followed, the effective access is unchanged; read key by key, it would not be."""
    from blueprint.renames import Renames
    from orgctl.access.record import compare_records
    from tests.conftest import PROD
    from tests.renamed_blueprint import write_renamed_prod

    def record(path):
        blueprint = load_blueprint(str(path), today=TODAY)
        return blueprint, build_record(blueprint, OrgTree(blueprint), TODAY, "ab" * 32)

    _, before = record(PROD)
    renamed, after = record(write_renamed_prod(tmp_path))
    assert compare_records(before, after, Renames.of(renamed)) == ([], [])
    gained, lost = compare_records(before, after)
    assert {h["account"] for h in gained} >= {"checkout-prod"}
    assert {h["account"] for h in lost} >= {"prod-app-1"}
