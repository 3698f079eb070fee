"""The IAM Identity Center instance and the groups of its identity store.

The instance is looked up, not created: enabling Identity Center and connecting the external
IdP with SCIM are one-time console steps with no API (README). Groups synced by SCIM are looked
up by display name; with `identity_source: identity_center` the program creates them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint


@dataclass(frozen=True)
class IdentityCenter:
    instance_arn: pulumi.Output[str]
    identity_store_id: pulumi.Output[str]


def lookup_identity_center(provider: aws.Provider) -> IdentityCenter:
    instances = aws.ssoadmin.get_instances_output(
        opts=pulumi.InvokeOutputOptions(provider=provider)
    )
    return IdentityCenter(
        instance_arn=instances.arns.apply(lambda arns: arns[0]),
        identity_store_id=instances.identity_store_ids.apply(lambda ids: ids[0]),
    )


@dataclass(frozen=True)
class IdentityGroupsArgs:
    blueprint: Blueprint
    center: IdentityCenter
    provider: aws.Provider  # the management account's


class IdentityGroups(pulumi.ComponentResource):
    """Group key -> group id in the identity store."""

    def __init__(self, name: str, args: IdentityGroupsArgs, opts=None):
        super().__init__("org-iam:identity:IdentityGroups", name, None, opts)
        blueprint, center, provider = args.blueprint, args.center, args.provider
        self.ids: dict[str, pulumi.Output[str]] = {}
        create = blueprint.organization.identity_source == "identity_center"
        for key, group in sorted(blueprint.groups.items()):
            display_name = group.display_name or key
            if create:
                created = aws.identitystore.Group(
                    key,
                    identity_store_id=center.identity_store_id,
                    display_name=display_name,
                    description=group.description,
                    opts=pulumi.ResourceOptions(parent=self, provider=provider),
                )
                self.ids[key] = created.group_id
            else:
                found = aws.identitystore.get_group_output(
                    identity_store_id=center.identity_store_id,
                    alternate_identifier=aws.identitystore.GetGroupAlternateIdentifierArgs(
                        unique_attribute=aws.identitystore.GetGroupAlternateIdentifierUniqueAttributeArgs(
                            attribute_path="DisplayName", attribute_value=display_name
                        )
                    ),
                    opts=pulumi.InvokeOutputOptions(provider=provider, parent=self),
                )
                self.ids[key] = found.group_id
        self.register_outputs({"ids": self.ids})
