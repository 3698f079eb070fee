"""Break-glass access: IAM users in the management account (no access keys; MFA registered by
hand on hardware), and a role in every account that trusts only them with a recent MFA. The
role is what the guardrails exempt and what monitoring watches, recognised by its name and its
`org-iam:break-glass` tag. Runbook: docs/break-glass.md."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from identity.break_glass_documents import USER_PATH, trust_policy, user_policy
from org.directory import AccountDirectory

BREAK_GLASS_TAG = {"org-iam:break-glass": "true"}
# One hour: the break-glass maximum, and also the smallest MaxSessionDuration IAM accepts.
MAX_SESSION_SECONDS = 3600


@dataclass(frozen=True)
class BreakGlassAccessArgs:
    blueprint: Blueprint
    directory: AccountDirectory


class BreakGlassAccess(pulumi.ComponentResource):
    def __init__(self, name: str, args: BreakGlassAccessArgs, opts=None):
        super().__init__("org-iam:identity:BreakGlassAccess", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        partition = blueprint.partition
        settings = blueprint.break_glass
        management = directory.management
        management_id = blueprint.management_account_id
        in_management = pulumi.ResourceOptions(parent=self, provider=management.provider)
        names = sorted(settings.users)
        self.users = [
            aws.iam.User(
                user,
                name=user,
                path=USER_PATH,
                force_destroy=False,
                tags=BREAK_GLASS_TAG,
                opts=in_management,
            )
            for user in names
        ]
        # Only break-glass users have passwords: CIS 1.8/1.9, PCI-DSS 8.3.6 (12+), 8.3.7, 8.3.9.
        aws.iam.AccountPasswordPolicy(
            "management",
            minimum_password_length=20,
            require_lowercase_characters=True,
            require_uppercase_characters=True,
            require_numbers=True,
            require_symbols=True,
            password_reuse_prevention=24,
            max_password_age=90,
            allow_users_to_change_password=True,
            opts=in_management,
        )
        group = aws.iam.Group("break-glass", name="break-glass", path=USER_PATH, opts=in_management)
        policy = aws.iam.Policy(
            "break-glass-users",
            name="break-glass-users",
            path=USER_PATH,
            description="MFA self-service until MFA is present, then only the break-glass role.",
            policy=pulumi.Output.json_dumps(
                user_policy(
                    partition,
                    management_id,
                    settings,
                    blueprint.organization.id or directory.organization_id,
                )
            ),
            tags=BREAK_GLASS_TAG,
            opts=in_management,
        )
        aws.iam.GroupPolicyAttachment(
            "break-glass-users", group=group.name, policy_arn=policy.arn, opts=in_management
        )
        for user_name, user in zip(names, self.users, strict=True):
            aws.iam.UserGroupMembership(
                f"{user_name}-in-break-glass",
                user=user.name,
                groups=[group.name],
                opts=in_management,
            )
        trust = json.dumps(trust_policy(partition, management_id, settings))
        admin = f"arn:{partition}:iam::aws:policy/AdministratorAccess"
        self.roles: dict[str, aws.iam.Role] = {}
        for key, entry in sorted(directory.entries.items()):
            # IAM refuses a trust policy naming principals that do not exist yet.
            in_account = pulumi.ResourceOptions(
                parent=self, provider=entry.provider, depends_on=self.users
            )
            role = aws.iam.Role(
                f"{settings.role_name}@{key}",
                name=settings.role_name,
                description="Emergency administrator; every use pages security.",
                assume_role_policy=trust,
                max_session_duration=MAX_SESSION_SECONDS,
                tags=BREAK_GLASS_TAG,
                opts=in_account,
            )
            aws.iam.RolePolicyAttachment(
                f"{settings.role_name}@{key}",
                role=role.name,
                policy_arn=admin,
                opts=pulumi.ResourceOptions(parent=self, provider=entry.provider),
            )
            self.roles[key] = role
        self.register_outputs({"users": [u.arn for u in self.users]})
