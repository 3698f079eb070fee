"""The facts a guardrail statement needs from the blueprint, gathered once.

Statements are built from this small frozen value, not from the whole blueprint, so the library
stays pure data and a test can build any statement from a handful of names.
"""

from __future__ import annotations

from dataclasses import dataclass

from blueprint.bucket_names import LOG_BUCKET_PURPOSES, bucket_prefix
from blueprint.model import Blueprint

# Identity Center creates its roles under this path in every account; exempting or protecting
# them needs the wildcard because the role name ends in a random suffix.
SSO_ROLE_PATH = "aws-reserved/sso.amazonaws.com/"
# Service-managed StackSets run their stacks in each member account as a role of this name,
# created there by CloudFormation's service-linked role (which no SCP restricts).
STACKSET_EXECUTION_ROLES = "stacksets-exec-*"
# Every KMS key org-iam creates carries an alias under this prefix; SCPs recognise the keys by
# it (kms:ResourceAliases), since key ids are unknown until the keys exist.
KEY_ALIAS_PREFIX = "alias/org-iam-"


@dataclass(frozen=True)
class GuardrailContext:
    partition: str
    allowed_regions: tuple[str, ...]
    access_role: str
    deployment_roles: tuple[str, ...]
    break_glass_role: str
    boundary_policies: tuple[str, ...]  # (path + name) of every permission boundary
    log_bucket_prefixes: tuple[str, ...]  # every bucket that holds or receives logs

    def role_arn(self, name: str) -> str:
        return f"arn:{self.partition}:iam::*:role/{name}"

    @property
    def deployer_arns(self) -> list[str]:
        """Roles that deploy this program (and CI); they manage what the guardrails protect."""
        return [self.role_arn(n) for n in sorted({self.access_role, *self.deployment_roles})]

    @property
    def emergency_arns(self) -> list[str]:
        """Deployers plus break-glass: who must keep working when everything else is denied."""
        return sorted({*self.deployer_arns, self.role_arn(self.break_glass_role)})

    @property
    def stackset_execution_arns(self) -> list[str]:
        """The StackSet execution roles: they run org-iam's Config template in every account."""
        return [self.role_arn(STACKSET_EXECUTION_ROLES)]

    @property
    def exempt_role_arns(self) -> list[str]:
        """Every role name any guardrail exempts, and the Identity Center roles: names that only
        their owners may create, re-trust or change, or the exemption is anyone's to take."""
        return sorted(
            {
                *self.emergency_arns,
                *self.stackset_execution_arns,
                self.role_arn(f"{SSO_ROLE_PATH}*"),
            }
        )

    @classmethod
    def from_blueprint(cls, blueprint: Blueprint) -> GuardrailContext:
        org = blueprint.organization
        return cls(
            partition=blueprint.partition,
            allowed_regions=tuple(sorted(org.allowed_regions)),
            access_role=org.access_role,
            deployment_roles=tuple(sorted(org.deployment_roles)),
            break_glass_role=blueprint.break_glass.role_name,
            boundary_policies=tuple(
                sorted(
                    f"{boundary.path.lstrip('/')}{name}"
                    for name, boundary in blueprint.permission_boundaries.items()
                )
            ),
            log_bucket_prefixes=tuple(
                bucket_prefix(blueprint, purpose) for purpose in LOG_BUCKET_PURPOSES
            ),
        )
