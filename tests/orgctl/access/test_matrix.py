"""The catalogue asked of each principal, judged through the whole chain."""

from __future__ import annotations

from orgctl.access.catalogue import CATALOGUE
from orgctl.access.matrix import capabilities_for
from tests.orgctl.access.conftest import find


def test_read_only_cannot_stop_cloudtrail_and_the_scp_says_why(prod_rows):
    row = find(prod_rows, "permission-set", "ReadOnly", "prod-app-1", "stop-cloudtrail")
    assert not row.held
    assert row.deciding.decision.denied_by.sid == "ProtectCloudTrail"
    assert row.deciding.decision.denied_by.level == "ou:Production"


def test_deployer_and_break_glass_keep_working_where_others_are_denied(prod_rows):
    assert find(prod_rows, "deployer", "org-iam-deployer", "prod-app-1", "stop-cloudtrail").held
    outside = find(prod_rows, "break-glass", "BreakGlassAdmin", "prod-app-1", "act-outside-regions")
    assert outside.held
    ops = find(prod_rows, "permission-set", "Ops", "prod-app-1", "act-outside-regions")
    assert not ops.held
    assert ops.deciding.decision.denied_by.sid == "DenyOutsideAllowedRegions"


def test_root_user_of_a_member_account_is_denied_everything(prod_rows):
    rows = [r for r in prod_rows if r.principal.kind == "root"]
    assert rows and not any(r.held for r in rows)
    denials = [{ref.sid for ref in a.decision.denials} for r in rows for a in r.answers]
    assert all("DenyRootUser" in sids for sids in denials)


def test_management_account_is_outside_scps(prod_rows):
    """Billing in the management account: SCPs never apply there, so only its policies decide."""
    row = find(prod_rows, "permission-set", "Billing", "management", "change-scps")
    assert not row.held
    assert row.deciding.decision.reason == "implicitly denied: no identity-based policy allows it"
    assert find(prod_rows, "break-glass", "BreakGlassAdmin", "management", "change-scps").held


def test_dba_neither_deletes_nor_shares_databases(prod_rows):
    row = find(prod_rows, "permission-set", "DBA", "prod-data", "delete-or-share-databases")
    by_action = {a.ask.action: a.decision for a in row.answers}
    assert by_action["rds:DeleteDBInstance"].denied_by.sid == "DenyDatabaseDeletion"
    assert by_action["rds:ModifyDBSnapshotAttribute"].denied_by.sid == "DenySnapshotSharing"
    assert not row.held


def test_capabilities_are_asked_only_where_they_exist(prod_org):
    principals = {p.label: p for p in prod_org.principals()}
    keys = lambda label: {c.key for c in capabilities_for(prod_org, principals[label])}  # noqa: E731
    assert "destroy-log-archive" in keys("break-glass BreakGlassAdmin@log-archive")
    assert "destroy-log-archive" not in keys("break-glass BreakGlassAdmin@dev")
    assert "change-scps" in keys("permission-set Billing@management")
    assert "leave-organization" not in keys("permission-set Billing@management")
    assert "become-exempt-principal" not in keys("deployer org-iam-deployer@dev")
    assert keys("root root@dev") == {
        "stop-cloudtrail",
        "create-iam-users-or-keys",
        "delete-or-share-databases",
        "leave-organization",
    }
    assert len({c.key for c in CATALOGUE}) == len(CATALOGUE)
