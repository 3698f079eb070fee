"""The identity perimeter RCP, attached to the organization root (every member account)."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from blueprint.policy_json import minify
from guardrails.compose import POLICY_NAME_PREFIX
from guardrails.perimeter_documents import identity_perimeter_document
from org.directory import AccountDirectory


@dataclass(frozen=True)
class IdentityPerimeterArgs:
    blueprint: Blueprint
    directory: AccountDirectory


class IdentityPerimeter(pulumi.ComponentResource):
    def __init__(self, name: str, args: IdentityPerimeterArgs, opts=None):
        super().__init__("org-iam:guardrails:IdentityPerimeter", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        child = pulumi.ResourceOptions(parent=self, provider=directory.management.provider)
        waits = [directory.organization] if directory.organization else []
        external = list(blueprint.organization.trusted_external_accounts)
        # An adopted organization's id is known before deployment; a new one's is not.
        organization_id = blueprint.organization.id or directory.organization_id
        policy = aws.organizations.Policy(
            "identity-perimeter",
            name=f"{POLICY_NAME_PREFIX}identity-perimeter",
            type="RESOURCE_CONTROL_POLICY",
            description="sts:AssumeRole into member accounts only from inside the organization.",
            content=pulumi.Output.from_input(organization_id).apply(
                lambda org_id: minify(identity_perimeter_document(org_id, external))
            ),
            opts=pulumi.ResourceOptions(
                parent=self, provider=directory.management.provider, depends_on=waits
            ),
        )
        aws.organizations.PolicyAttachment(
            "identity-perimeter@root",
            policy_id=policy.id,
            target_id=directory.root_id,
            opts=child,
        )
        self.register_outputs({"policy_id": policy.id})
