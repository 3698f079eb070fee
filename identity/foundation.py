"""Build the identity domain on the account directory: the Identity Center instance and groups,
boundaries in the accounts, permission sets, assignments, and break-glass access."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from blueprint.access import grants
from blueprint.model import Blueprint
from blueprint.tree import OrgTree
from identity.assignments import AccountAssignments, AccountAssignmentsArgs
from identity.boundaries import PermissionBoundaries, PermissionBoundariesArgs
from identity.break_glass import BreakGlassAccess, BreakGlassAccessArgs
from identity.deployment_roles import DeploymentRoles, DeploymentRolesArgs
from identity.instance import IdentityGroups, IdentityGroupsArgs, lookup_identity_center
from identity.permission_sets import PermissionSetBundle, PermissionSetBundleArgs
from org.directory import AccountDirectory


def boundary_accounts(
    blueprint: Blueprint, directory: AccountDirectory, needed: set[str]
) -> list[str]:
    """Every member account, plus the management account if a bounded set is assigned there."""
    accounts = {entry.key for entry in directory.members()}
    if directory.management_key in needed:
        accounts.add(directory.management_key)
    return sorted(accounts)


@dataclass(frozen=True)
class IdentityFoundationArgs:
    blueprint: Blueprint
    tree: OrgTree
    directory: AccountDirectory


class IdentityFoundation(pulumi.ComponentResource):
    def __init__(self, name: str, args: IdentityFoundationArgs, opts=None):
        super().__init__("org-iam:identity:IdentityFoundation", name, None, opts)
        blueprint, tree, directory = args.blueprint, args.tree, args.directory
        child = pulumi.ResourceOptions(parent=self)
        management = directory.management.provider
        center = lookup_identity_center(management)
        groups = IdentityGroups(
            "groups", IdentityGroupsArgs(blueprint, center, management), opts=child
        )
        all_grants = grants(blueprint, tree)
        bounded = {
            g.account for g in all_grants if blueprint.permission_sets[g.permission_set].boundary
        }
        boundaries = PermissionBoundaries(
            "boundaries",
            PermissionBoundariesArgs(
                blueprint,
                directory,
                boundary_accounts(blueprint, directory, bounded)
                if blueprint.permission_boundaries
                else [],
            ),
            opts=child,
        )
        bundles = {
            name: PermissionSetBundle(
                name,
                PermissionSetBundleArgs(
                    spec,
                    center,
                    blueprint.permission_boundaries[spec.boundary].path if spec.boundary else None,
                    blueprint.partition,
                    management,
                ),
                opts=child,
            )
            for name, spec in sorted(blueprint.permission_sets.items())
        }
        AccountAssignments(
            "assignments",
            AccountAssignmentsArgs(
                all_grants,
                center,
                bundles,
                groups.ids,
                {name: spec.boundary for name, spec in blueprint.permission_sets.items()},
                boundaries.policies,
                directory,
            ),
            opts=child,
        )
        self.break_glass = BreakGlassAccess(
            "break-glass", BreakGlassAccessArgs(blueprint, directory), opts=child
        )
        DeploymentRoles("deployment-roles", DeploymentRolesArgs(blueprint, directory), opts=child)
        self.register_outputs({"instance_arn": center.instance_arn})
