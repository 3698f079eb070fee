"""Principals and their policy sets, built from the prod blueprint and its composed SCPs."""

from __future__ import annotations

from iam_evaluator import Request, evaluate


def test_scp_chain_runs_from_the_root_through_every_ou_to_the_account(prod_org):
    account = prod_org.accounts["pci-payments"]
    levels = prod_org.scp_levels(account)
    assert [name for name, _ in levels] == [
        "root",
        "ou:Production",
        "ou:Production/CardholderData",
        "account:pci-payments",
    ]
    assert all("FullAWSAccess" in policies for _, policies in levels)
    assert any("DenyCdeNetworkPaths" in content for content in levels[2][1].values())


def test_management_account_is_marked_and_has_no_ou(prod_org):
    management = prod_org.accounts["management"]
    assert management.is_management and management.ou is None
    assert [name for name, _ in prod_org.scp_levels(management)] == ["root", "account:management"]


def test_accounts_without_an_id_get_a_placeholder(prod_org):
    assert prod_org.accounts["dev"].id == "100000000011" and prod_org.accounts["dev"].id_known
    sandbox = prod_org.accounts["sandbox-asha"]
    assert not sandbox.id_known and sandbox.id.startswith("9999") and len(sandbox.id) == 12


def test_permission_set_principal_carries_managed_inline_and_boundary(prod_org):
    developer = prod_org.permission_set("Developer", prod_org.accounts["dev"], ("checkout-team",))
    assert developer.arn.startswith(
        "arn:aws:iam::100000000011:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_Developer_"
    )
    assert set(developer.policies.identity) == {"PowerUserAccess", "inline"}
    assert developer.policies.boundary[0] == "EngineerPermissionBoundary"
    # the boundary is in force: removing it from any role is denied
    request = Request(
        developer.arn,
        "iam:DeleteRolePermissionsBoundary",
        "arn:aws:iam::100000000011:role/delegated/x",
        {"aws:RequestedRegion": "us-east-1"},
    )
    assert evaluate(request, developer.policies).denied_by.sid == "DenyRemovingBoundaries"


def test_every_assignment_and_every_emergency_role_is_a_principal(prod_org):
    principals = prod_org.principals()
    labels = {p.label for p in principals}
    assert "permission-set Developer@dev" in labels
    assert "permission-set Billing@management" in labels
    for account in prod_org.accounts.values():
        assert f"break-glass BreakGlassAdmin@{account.key}" in labels
        assert f"deployer org-iam-deployer@{account.key}" in labels
        member = not account.is_management
        assert (f"deployer OrganizationAccountAccessRole@{account.key}" in labels) == member
        assert (f"root root@{account.key}" in labels) == member
    developer_dev = next(p for p in principals if p.label == "permission-set Developer@dev")
    assert developer_dev.groups == (
        "catalog-team",
        "checkout-team",
        "payments-team",
        "platform-engineers",
    )
    assert "permission-set Developer@prod-app-1" not in labels
