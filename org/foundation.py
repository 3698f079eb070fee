"""Build the organization domain: root, OUs, accounts, providers and delegated administrators,
and return the account directory the other domains build on."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from blueprint.model import Blueprint
from blueprint.tree import OrgTree
from org.accounts import MemberAccounts, MemberAccountsArgs, management_provider, member_provider
from org.delegation import DelegatedAdministrators, DelegatedAdministratorsArgs
from org.directory import AccountDirectory, AccountEntry
from org.organization import OrganizationRoot, OrganizationRootArgs
from org.units import OrganizationalUnits, OrganizationalUnitsArgs


@dataclass(frozen=True)
class OrganizationFoundationArgs:
    blueprint: Blueprint
    tree: OrgTree


class OrganizationFoundation(pulumi.ComponentResource):
    directory: AccountDirectory

    def __init__(self, name: str, args: OrganizationFoundationArgs, opts=None):
        super().__init__("org-iam:org:OrganizationFoundation", name, None, opts)
        blueprint, tree = args.blueprint, args.tree
        org = blueprint.organization
        child = pulumi.ResourceOptions(parent=self)
        management = management_provider("management", blueprint, org.home_region, child)
        regional = {
            region: management_provider(f"management-{region}", blueprint, region, child)
            for region in sorted(org.allowed_regions)
        }
        root = OrganizationRoot("root", OrganizationRootArgs(blueprint, management), opts=child)
        units = OrganizationalUnits(
            "units", OrganizationalUnitsArgs(tree, root.root_id, management), opts=child
        )
        accounts = MemberAccounts(
            "accounts", MemberAccountsArgs(blueprint, tree, units.ids, management), opts=child
        )

        entries: dict[str, AccountEntry] = {
            org.management_account: AccountEntry(
                key=org.management_account,
                account_id=blueprint.management_account_id,
                provider=management,
                is_management=True,
                regional=regional,
            )
        }
        for key, resource in accounts.accounts.items():
            home = member_provider(key, resource.id, blueprint, org.home_region, child)
            # The security account's services have a provider of their own in every Region.
            account_regional = {
                region: home
                if region == org.home_region and key != org.security_account
                else member_provider(f"{key}-{region}", resource.id, blueprint, region, child)
                for region in sorted(org.allowed_regions)
            }
            entries[key] = AccountEntry(
                key=key,
                account_id=resource.id,
                provider=home,
                regional=account_regional,
            )
        security = entries[org.security_account]
        security_regional = dict(security.regional)
        delegated = DelegatedAdministrators(
            "delegated-admins",
            DelegatedAdministratorsArgs(
                blueprint,
                security.account_id,
                management,
                regional,
                waits_for=[root.organization],
            ),
            opts=child,
        )
        self.directory = AccountDirectory(
            entries=entries,
            management_key=org.management_account,
            root_id=root.root_id,
            ou_ids=units.ids,
            organization_id=root.organization.id,
            organization=root.organization,
            management_regional=regional,
            security_regional=security_regional,
            delegations=delegated.resources,
        )
        self.register_outputs(
            {"root_id": root.root_id, "account_ids": {k: e.account_id for k, e in entries.items()}}
        )
