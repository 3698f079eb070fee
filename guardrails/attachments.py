"""The composed SCPs as Organizations policies, attached to their OUs and accounts."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from guardrails.compose import POLICY_NAME_PREFIX, GuardrailPlan, Target
from org.directory import AccountDirectory


@dataclass(frozen=True)
class ServiceControlPoliciesArgs:
    plan: GuardrailPlan
    directory: AccountDirectory


class ServiceControlPolicies(pulumi.ComponentResource):
    def __init__(self, name: str, args: ServiceControlPoliciesArgs, opts=None):
        super().__init__("org-iam:guardrails:ServiceControlPolicies", name, None, opts)
        plan, directory = args.plan, args.directory
        if plan.problems:
            raise ValueError(f"guardrail plan has {len(plan.problems)} problem(s); validate first")
        provider = directory.management.provider
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        # CreatePolicy needs the organization (and its SCP policy type) to exist already.
        waits = [directory.organization] if directory.organization else []
        in_organization = pulumi.ResourceOptions(parent=self, provider=provider, depends_on=waits)
        self.policies = {
            policy.name: aws.organizations.Policy(
                policy.name,
                name=f"{POLICY_NAME_PREFIX}{policy.name}",
                type="SERVICE_CONTROL_POLICY",
                description=policy.description,
                content=policy.content,
                tags={"org-iam:sids": " ".join(policy.sids)[:256]},
                opts=in_organization,
            )
            for name, policy in sorted(plan.policies.items())
        }
        self.attachments = []
        for target, names in sorted(plan.attachments.items()):
            target_id = _target_id(target, directory)
            for policy_name in names:
                self.attachments.append(
                    aws.organizations.PolicyAttachment(
                        f"{policy_name}@{target.slug}",
                        policy_id=self.policies[policy_name].id,
                        target_id=target_id,
                        opts=child,
                    )
                )
        self.register_outputs({"policy_ids": {n: p.id for n, p in self.policies.items()}})


def _target_id(target: Target, directory: AccountDirectory) -> pulumi.Input[str]:
    if target.kind == "ou":
        return directory.ou_ids[target.key]
    return directory[target.key].account_id
