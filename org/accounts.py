"""Member accounts, new and adopted, and one provider per account.

An account with an `id` in the blueprint is imported, never created. Organizations cannot read
back `role_name` or `iam_user_access_to_billing`, and changing `email` or `name` forces a new
account in the provider, so those inputs are ignored after creation: an import or a later edit
never plans a replacement. Accounts are protected unless the blueprint opts into closing them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Account, Blueprint
from blueprint.tree import OrgTree

# Write-only or replace-forcing inputs: set at creation, never diffed again.
IGNORED_AFTER_CREATION = ["roleName", "iamUserAccessToBilling", "email", "name"]
SESSION_NAME = "org-iam"


def account_tags(key: str, account: Account, tree: OrgTree) -> dict[str, str]:
    node = tree.ou_of(key)
    tags = {**account.tags, "org-iam:account-key": key}
    if account.owner:
        tags["org-iam:owner"] = account.owner
    if account.expires:
        tags["org-iam:expires"] = account.expires.isoformat()
    if node is not None:
        tags["org-iam:ou-path"] = node.path
        if node.environment:
            tags["org-iam:environment"] = node.environment
        if node.pci_scope:
            tags["org-iam:pci-scope"] = "true"
    return dict(sorted(tags.items()))


@dataclass(frozen=True)
class MemberAccountsArgs:
    blueprint: Blueprint
    tree: OrgTree
    ou_ids: dict[str, pulumi.Output[str]]  # OU path -> id
    provider: aws.Provider  # the management account's


class MemberAccounts(pulumi.ComponentResource):
    def __init__(self, name: str, args: MemberAccountsArgs, opts=None):
        super().__init__("org-iam:org:MemberAccounts", name, None, opts)
        blueprint, tree, ou_ids, provider = args.blueprint, args.tree, args.ou_ids, args.provider
        org = blueprint.organization
        self.accounts: dict[str, aws.organizations.Account] = {}
        for key, account in sorted(blueprint.accounts.items()):
            if key == org.management_account:
                continue
            node = tree.ou_of(key)
            adopted = account.id is not None
            self.accounts[key] = aws.organizations.Account(
                key,
                name=account.name or key,
                email=account.email,
                parent_id=ou_ids[node.path],
                close_on_deletion=account.close_on_deletion,
                # Only meaningful when AWS creates the account; omitted on adoption.
                role_name=None if adopted else org.access_role,
                iam_user_access_to_billing=None if adopted else "ALLOW",
                tags=account_tags(key, account, tree),
                opts=pulumi.ResourceOptions(
                    parent=self,
                    provider=provider,
                    import_=account.id,
                    protect=not account.close_on_deletion,
                    ignore_changes=IGNORED_AFTER_CREATION,
                ),
            )
        self.register_outputs({"ids": {k: a.id for k, a in self.accounts.items()}})


def member_provider(
    key: str,
    account_id: pulumi.Input[str],
    blueprint: Blueprint,
    region: str,
    opts: pulumi.ResourceOptions,
) -> aws.Provider:
    """A provider acting inside one member account through the blueprint's access role."""
    partition_arn = f"arn:{blueprint.partition}:iam::"
    role_arn = pulumi.Output.concat(
        partition_arn, account_id, ":role/", blueprint.organization.access_role
    )
    return aws.Provider(
        key,
        region=region,
        assume_roles=[aws.ProviderAssumeRoleArgs(role_arn=role_arn, session_name=SESSION_NAME)],
        allowed_account_ids=[account_id],
        default_tags=aws.ProviderDefaultTagsArgs(tags={"org-iam:managed-by": "org-iam"}),
        opts=opts,
    )


def management_provider(
    name: str, blueprint: Blueprint, region: str, opts: pulumi.ResourceOptions
) -> aws.Provider:
    """The management account's own credentials; pinned to its id so a wrong profile fails."""
    management_id = blueprint.management_account_id
    return aws.Provider(
        name,
        region=region,
        allowed_account_ids=[management_id] if management_id else None,
        default_tags=aws.ProviderDefaultTagsArgs(tags={"org-iam:managed-by": "org-iam"}),
        opts=opts,
    )
