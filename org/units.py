"""The OU tree, created parent before child; logical names are OU paths, so they never depend
on the order of the YAML."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.tree import OrgTree


@dataclass(frozen=True)
class OrganizationalUnitsArgs:
    tree: OrgTree
    root_id: pulumi.Input[str]
    provider: aws.Provider  # the management account's


class OrganizationalUnits(pulumi.ComponentResource):
    def __init__(self, name: str, args: OrganizationalUnitsArgs, opts=None):
        super().__init__("org-iam:org:OrganizationalUnits", name, None, opts)
        tree, root_id, provider = args.tree, args.root_id, args.provider
        self.units: dict[str, aws.organizations.OrganizationalUnit] = {}
        for node in sorted(tree, key=lambda n: (n.depth, n.path)):
            parent_id = root_id if node.parent_path is None else self.units[node.parent_path].id
            tags = {**node.unit.tags, "org-iam:ou-path": node.path}
            if node.environment:
                tags["org-iam:environment"] = node.environment
            if node.pci_scope:
                tags["org-iam:pci-scope"] = "true"
            self.units[node.path] = aws.organizations.OrganizationalUnit(
                node.path,
                name=node.name,
                parent_id=parent_id,
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, provider=provider),
            )
        self.ids = {path: unit.id for path, unit in self.units.items()}
        self.register_outputs({"ids": self.ids})
