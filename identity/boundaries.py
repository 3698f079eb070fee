"""Permission boundary policies in every member account (and the management account when an
assignment there needs one), through each account's own provider, so they exist before any
permission set that references them is provisioned."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from identity.boundary_document import boundary_document
from org.directory import AccountDirectory


@dataclass(frozen=True)
class PermissionBoundariesArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    accounts: list[str]  # the account keys that receive every boundary


class PermissionBoundaries(pulumi.ComponentResource):
    def __init__(self, name: str, args: PermissionBoundariesArgs, opts=None):
        super().__init__("org-iam:identity:PermissionBoundaries", name, None, opts)
        blueprint, directory, accounts = args.blueprint, args.directory, args.accounts
        partition = blueprint.partition
        documents = {
            boundary_name: json.dumps(boundary_document(boundary_name, boundary, partition))
            for boundary_name, boundary in sorted(blueprint.permission_boundaries.items())
        }
        self.policies: dict[tuple[str, str], aws.iam.Policy] = {}
        for account in sorted(accounts):
            provider = directory.provider_for(account)
            for boundary_name, boundary in sorted(blueprint.permission_boundaries.items()):
                self.policies[(account, boundary_name)] = aws.iam.Policy(
                    f"{boundary_name}@{account}",
                    name=boundary_name,
                    path=boundary.path,
                    description=boundary.description,
                    policy=documents[boundary_name],
                    tags={"org-iam:boundary": "true"},
                    opts=pulumi.ResourceOptions(parent=self, provider=provider),
                )
        self.register_outputs({})
