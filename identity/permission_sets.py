"""One permission set with everything attached to it: AWS-managed, customer-managed and inline
policies, and its permissions boundary. Assignments depend on the whole bundle, so a set is
never provisioned into an account half-configured."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import PermissionSet
from blueprint.policy_json import canonical_statement, minify
from blueprint.privilege import is_admin_like
from identity.instance import IdentityCenter


def managed_policy_arn(partition: str, reference: str) -> str:
    if reference.startswith("arn:"):
        return reference
    return f"arn:{partition}:iam::aws:policy/{reference}"


@dataclass(frozen=True)
class PermissionSetBundleArgs:
    spec: PermissionSet
    center: IdentityCenter
    boundary_path: str | None  # the IAM path of the set's boundary policy, if it has one
    partition: str
    provider: aws.Provider  # the management account's


class PermissionSetBundle(pulumi.ComponentResource):
    def __init__(self, name: str, args: PermissionSetBundleArgs, opts=None):
        super().__init__("org-iam:identity:PermissionSet", name, None, opts)
        spec, center, boundary_path = args.spec, args.center, args.boundary_path
        partition, provider = args.partition, args.provider
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        tags = {**spec.tags, "org-iam:admin-like": str(is_admin_like(spec)).lower()}
        if spec.boundary:
            tags["org-iam:boundary"] = spec.boundary
        self.permission_set = aws.ssoadmin.PermissionSet(
            name,
            name=name,
            description=spec.description,
            instance_arn=center.instance_arn,
            session_duration=spec.session_duration,
            tags=tags,
            opts=child,
        )
        arn = self.permission_set.arn
        self.attachments: list[pulumi.Resource] = []
        for reference in sorted(spec.managed_policies):
            self.attachments.append(
                aws.ssoadmin.ManagedPolicyAttachment(
                    f"{name}:{reference}",
                    instance_arn=center.instance_arn,
                    permission_set_arn=arn,
                    managed_policy_arn=managed_policy_arn(partition, reference),
                    opts=child,
                )
            )
        for policy in sorted(spec.customer_managed_policies, key=lambda p: (p.path, p.name)):
            self.attachments.append(
                aws.ssoadmin.CustomerManagedPolicyAttachment(
                    f"{name}:{policy.path}{policy.name}",
                    instance_arn=center.instance_arn,
                    permission_set_arn=arn,
                    customer_managed_policy_reference=aws.ssoadmin.CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs(
                        name=policy.name, path=policy.path
                    ),
                    opts=child,
                )
            )
        if spec.inline_policy is not None:
            document = spec.inline_policy.model_dump(exclude_none=True)
            # Canonical, as the SCPs are: the order of lists in the YAML changes no byte.
            statements = sorted(map(canonical_statement, document["Statement"]), key=minify)
            self.attachments.append(
                aws.ssoadmin.PermissionSetInlinePolicy(
                    f"{name}:inline",
                    instance_arn=center.instance_arn,
                    permission_set_arn=arn,
                    inline_policy=minify({**document, "Statement": statements}),
                    opts=child,
                )
            )
        if spec.boundary:
            self.attachments.append(
                aws.ssoadmin.PermissionsBoundaryAttachment(
                    f"{name}:boundary",
                    instance_arn=center.instance_arn,
                    permission_set_arn=arn,
                    permissions_boundary=aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryArgs(
                        customer_managed_policy_reference=aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryCustomerManagedPolicyReferenceArgs(
                            name=spec.boundary, path=boundary_path or "/"
                        )
                    ),
                    opts=child,
                )
            )
        self.register_outputs({"arn": arn})
