"""The organization itself: feature set ALL, the policy types and trusted access the product
needs, and centralized root access so member accounts keep no root credentials."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from org.service_principals import service_access_principals


def enabled_policy_types(blueprint: Blueprint) -> list[str]:
    # RCPs carry the identity perimeter (guardrails.perimeter).
    always = {"RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY"}
    return sorted({*always, *blueprint.organization.extra_policy_types})


@dataclass(frozen=True)
class OrganizationRootArgs:
    blueprint: Blueprint
    provider: aws.Provider  # the management account's


class OrganizationRoot(pulumi.ComponentResource):
    root_id: pulumi.Output[str]

    def __init__(self, name: str, args: OrganizationRootArgs, opts=None):
        super().__init__("org-iam:org:OrganizationRoot", name, None, opts)
        blueprint, provider = args.blueprint, args.provider
        adopted = blueprint.organization.id
        self.organization = aws.organizations.Organization(
            "organization",
            feature_set="ALL",
            enabled_policy_types=enabled_policy_types(blueprint),
            aws_service_access_principals=service_access_principals(blueprint),
            opts=pulumi.ResourceOptions(
                parent=self, provider=provider, protect=True, import_=adopted
            ),
        )
        # Members then have no root passwords or keys; root tasks run as sts:AssumeRoot
        # sessions, which the DenyRootUser guardrail exempts.
        self.root_features = aws.iam.OrganizationsFeatures(
            "centralized-root-access",
            enabled_features=["RootCredentialsManagement", "RootSessions"],
            opts=pulumi.ResourceOptions(
                parent=self, provider=provider, depends_on=[self.organization]
            ),
        )
        self.root_id = self.organization.roots.apply(lambda roots: roots[0].id)
        self.register_outputs({"root_id": self.root_id, "id": self.organization.id})
