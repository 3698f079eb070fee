"""The organization domain under Pulumi mocks, on blueprints/prod.yaml."""

from __future__ import annotations

import json

from blueprint import OrgTree, load_blueprint
from org.accounts import IGNORED_AFTER_CREATION
from tests.conftest import PROD, TODAY
from tests.program_harness import ACCOUNT, OU, PROVIDER

BLUEPRINT = load_blueprint(str(PROD), today=TODAY)
TREE = OrgTree(BLUEPRINT)


def test_organization_is_adopted_protected_and_trusts_the_services_used(prod_program):
    (organization,) = prod_program.by_type("aws:organizations/organization:Organization")
    assert organization.import_id == "o-exampleorg01"
    assert organization.protect
    assert organization.inputs["featureSet"] == "ALL"
    assert organization.inputs["enabledPolicyTypes"] == [
        "RESOURCE_CONTROL_POLICY",
        "SERVICE_CONTROL_POLICY",
    ]
    principals = set(organization.inputs["awsServiceAccessPrincipals"])
    assert {
        "sso.amazonaws.com",
        "cloudtrail.amazonaws.com",
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
        "access-analyzer.amazonaws.com",
        "account.amazonaws.com",
        "iam.amazonaws.com",
    } <= principals
    (features,) = prod_program.by_type("aws:iam/organizationsFeatures:OrganizationsFeatures")
    assert sorted(features.inputs["enabledFeatures"]) == [
        "RootCredentialsManagement",
        "RootSessions",
    ]


def test_ou_tree_matches_the_blueprint(prod_program):
    units = {r.name: r for r in prod_program.by_type(OU)}
    assert set(units) == set(TREE.nodes)
    for path, node in TREE.nodes.items():
        unit = units[path]
        assert unit.inputs["name"] == node.name
        if node.parent_path is None:
            assert unit.inputs["parentId"].startswith("r-")
        else:
            assert unit.inputs["parentId"] == units[node.parent_path].id


def test_every_member_account_sits_in_its_ou(prod_program):
    units = {r.name: r.id for r in prod_program.by_type(OU)}
    accounts = {r.name: r for r in prod_program.by_type(ACCOUNT)}
    members = set(BLUEPRINT.accounts) - {BLUEPRINT.organization.management_account}
    assert set(accounts) == members
    for key, account in accounts.items():
        assert account.inputs["parentId"] == units[TREE.ou_of(key).path]
        assert account.inputs["email"] == BLUEPRINT.accounts[key].email


def test_adopted_accounts_are_imported_and_never_given_create_only_inputs(prod_program):
    adopted = 0
    for account in prod_program.by_type(ACCOUNT):
        blueprint_id = BLUEPRINT.accounts[account.name].id
        if blueprint_id:
            adopted += 1
            assert account.import_id == blueprint_id
            assert account.id == blueprint_id
            assert "roleName" not in account.inputs
            assert "iamUserAccessToBilling" not in account.inputs
        else:
            assert account.import_id == ""
            assert account.inputs["roleName"] == "OrganizationAccountAccessRole"
        assert set(IGNORED_AFTER_CREATION) <= set(account.ignore_changes)
    assert adopted == 13


def test_accounts_are_protected_unless_they_opt_into_closing(prod_program):
    for account in prod_program.by_type(ACCOUNT):
        closes = BLUEPRINT.accounts[account.name].close_on_deletion
        assert account.protect is (not closes)
        assert account.inputs["closeOnDeletion"] is closes
    sandboxes = [a for a in prod_program.by_type(ACCOUNT) if a.name.startswith("sandbox-")]
    assert sandboxes and all(not a.protect for a in sandboxes)


def test_each_member_has_a_provider_assuming_the_access_role_into_it(prod_program):
    providers = {r.name: r for r in prod_program.by_type(PROVIDER)}
    for account in prod_program.by_type(ACCOUNT):
        provider = providers[account.name]
        (assume,) = json.loads(provider.inputs["assumeRoles"])
        assert assume["roleArn"] == f"arn:aws:iam::{account.id}:role/OrganizationAccountAccessRole"
        assert json.loads(provider.inputs["allowedAccountIds"]) == [account.id]
        assert provider.inputs["region"] == "us-east-1"
    management = providers["management"]
    assert json.loads(management.inputs["allowedAccountIds"]) == ["100000000001"]
    assert "assumeRoles" not in management.inputs
    assert {"management-us-east-1", "management-us-west-2"} <= set(providers)


def test_organization_resources_use_the_management_provider(prod_program):
    management_urn = next(r.urn for r in prod_program.by_type(PROVIDER) if r.name == "management")
    for record in prod_program.by_type(ACCOUNT) + prod_program.by_type(OU):
        assert record.provider.startswith(management_urn + "::")


def test_security_services_are_delegated_to_the_security_account(prod_program):
    security_id = BLUEPRINT.accounts["security-tooling"].id
    delegated = prod_program.by_type(
        "aws:organizations/delegatedAdministrator:DelegatedAdministrator"
    )
    assert {d.inputs["servicePrincipal"] for d in delegated} == {
        "config.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com",
        "access-analyzer.amazonaws.com",
    }
    assert all(d.inputs["accountId"] == security_id for d in delegated)
    guardduty = prod_program.by_type(
        "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount"
    )
    assert sorted(g.name for g in guardduty) == ["guardduty-us-east-1", "guardduty-us-west-2"]
    assert all(g.inputs["adminAccountId"] == security_id for g in guardduty)
    (hub,) = prod_program.by_type(
        "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount"
    )
    assert hub.inputs["adminAccountId"] == security_id
