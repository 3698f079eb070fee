"""Group x permission set x account assignments, one resource per grant with a stable name.

Each assignment waits for its permission set bundle and, when the set has a boundary, for the
boundary policy in the target account: Identity Center fails to provision a set whose
customer-managed references do not exist there yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.access import Grant
from identity.instance import IdentityCenter
from identity.permission_sets import PermissionSetBundle
from org.directory import AccountDirectory


@dataclass(frozen=True)
class AccountAssignmentsArgs:
    grants: list[Grant]
    center: IdentityCenter
    bundles: dict[str, PermissionSetBundle]  # by permission set name
    group_ids: dict[str, pulumi.Output[str]]  # by group key
    boundary_of: dict[str, str | None]  # permission set name -> its boundary's name
    boundary_policies: dict[tuple[str, str], aws.iam.Policy]  # (account, boundary) -> policy
    directory: AccountDirectory


class AccountAssignments(pulumi.ComponentResource):
    def __init__(self, name: str, args: AccountAssignmentsArgs, opts=None):
        super().__init__("org-iam:identity:AccountAssignments", name, None, opts)
        center, directory, group_ids = args.center, args.directory, args.group_ids
        provider = directory.management.provider
        self.assignments: dict[str, aws.ssoadmin.AccountAssignment] = {}
        for grant in args.grants:
            bundle = args.bundles[grant.permission_set]
            waits_for: list[pulumi.Resource] = [bundle.permission_set, *bundle.attachments]
            boundary = args.boundary_of[grant.permission_set]
            if boundary is not None:
                waits_for.append(args.boundary_policies[(grant.account, boundary)])
            self.assignments[grant.slug] = aws.ssoadmin.AccountAssignment(
                grant.slug,
                instance_arn=center.instance_arn,
                permission_set_arn=bundle.permission_set.arn,
                principal_type="GROUP",
                principal_id=group_ids[grant.group],
                target_type="AWS_ACCOUNT",
                target_id=directory[grant.account].account_id,
                opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=waits_for),
            )
        self.register_outputs({})
