"""The deployment roles in every member account: what the guardrails exempt must exist, so that
no engineer can create a role of an exempt name and inherit the exemption."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from identity.deployment_role_documents import deployment_role_trust
from org.directory import AccountDirectory

DEPLOYER_TAG = {"org-iam:exempt-principal": "deployer"}


@dataclass(frozen=True)
class DeploymentRolesArgs:
    blueprint: Blueprint
    directory: AccountDirectory


class DeploymentRoles(pulumi.ComponentResource):
    def __init__(self, name: str, args: DeploymentRolesArgs, opts=None):
        super().__init__("org-iam:identity:DeploymentRoles", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        partition = blueprint.partition
        management_id = blueprint.management_account_id
        admin = f"arn:{partition}:iam::aws:policy/AdministratorAccess"
        self.roles: dict[tuple[str, str], aws.iam.Role] = {}
        for role_name in sorted(blueprint.organization.deployment_roles):
            trust = json.dumps(deployment_role_trust(partition, management_id, role_name))
            for entry in directory.members():
                in_account = pulumi.ResourceOptions(parent=self, provider=entry.provider)
                role = aws.iam.Role(
                    f"{role_name}@{entry.key}",
                    name=role_name,
                    description="org-iam deployer; exempt from the guardrails, protected by them.",
                    assume_role_policy=trust,
                    tags=DEPLOYER_TAG,
                    opts=in_account,
                )
                aws.iam.RolePolicyAttachment(
                    f"{role_name}@{entry.key}",
                    role=role.name,
                    policy_arn=admin,
                    opts=in_account,
                )
                self.roles[(role_name, entry.key)] = role
        self.register_outputs({})
