"""The principals whose access is analysed, each with the PolicySet that judges its requests in
one account: Identity Center permission-set roles where the blueprint assigns them, the
break-glass role and the deployment roles in every account, and each member account's root user.

Assumptions, stated because the blueprint cannot show them: the access role and the deployment
roles hold AdministratorAccess (AWS creates the access role so; the deployers need it); accounts
without an id yet get a placeholder id; customer-managed policies are not in the blueprint, so a
set that uses them is marked incomplete. Workloads are not in the blueprint either: escalation
assumes every account may run compute (instances, tasks, functions, stacks) whose role holds
AdministratorAccess without a boundary and under no exempt name, the worst such a role can be.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from blueprint.access import grants
from blueprint.model import Blueprint
from blueprint.tree import OrgTree
from guardrails.compose import GuardrailPlan, Target
from iam_evaluator import PolicySet
from iam_evaluator.managed_policies import managed_policy
from identity.boundary_document import boundary_document

FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
SSO_ROLE_PREFIX = "aws-reserved/sso.amazonaws.com"
ADMINISTRATOR = "AdministratorAccess"
# The role existing compute runs as, for escalation only: an ordinary name at the root path.
WORKLOAD_ROLE = "existing-workload-role"


@dataclass(frozen=True)
class Account:
    key: str
    id: str
    id_known: bool
    is_management: bool
    ou: str | None  # OU path; None for the management account


@dataclass(frozen=True)
class Principal:
    kind: str  # "permission-set", "break-glass", "deployer", "root", "workload"
    name: str  # permission set or role name; "root" for the root user
    account: Account
    arn: str
    policies: PolicySet = field(compare=False)
    groups: tuple[str, ...] = ()  # IdP groups assigned this permission set in this account
    boundary: str | None = None  # permission boundary name
    incomplete: str | None = None  # why the analysis cannot be complete for this principal

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}@{self.account.key}"

    @property
    def context(self) -> dict:
        """Request context keys AWS sets for this principal's sessions."""
        if self.kind == "root":
            return {"aws:PrincipalType": "Account", "aws:ViaAWSService": "false"}
        context = {"aws:PrincipalType": "AssumedRole", "aws:ViaAWSService": "false"}
        if self.kind == "break-glass":
            context["aws:MultiFactorAuthPresent"] = "true"  # the trust policy requires MFA
        # Identity Center sessions carry no aws:MultiFactorAuthPresent (MFA is at the IdP).
        return context


class Organization:
    """The blueprint's accounts, SCP chains and principals, computed once."""

    def __init__(self, blueprint: Blueprint, tree: OrgTree, plan: GuardrailPlan):
        self.blueprint = blueprint
        self.tree = tree
        self.plan = plan
        self.partition = blueprint.partition
        self.home_region = blueprint.organization.home_region

    @cached_property
    def accounts(self) -> dict[str, Account]:
        management = self.blueprint.organization.management_account
        result = {}
        for index, (key, spec) in enumerate(sorted(self.blueprint.accounts.items())):
            node = self.tree.ou_of(key)
            result[key] = Account(
                key=key,
                id=spec.id or f"9999{index:08d}",
                id_known=spec.id is not None,
                is_management=key == management,
                ou=node.path if node else None,
            )
        return result

    def scp_levels(self, account: Account) -> tuple:
        def level(target: Target) -> dict:
            policies = {"FullAWSAccess": FULL_AWS_ACCESS}
            policies.update({p.name: p.content for p in self.plan.policies_on(target)})
            return policies

        levels = [("root", {"FullAWSAccess": FULL_AWS_ACCESS})]
        if account.ou is not None:
            for node in reversed(self.tree.ancestors(account.ou)):
                levels.append((f"ou:{node.path}", level(Target("ou", node.path))))
        levels.append((f"account:{account.key}", level(Target("account", account.key))))
        return tuple(levels)

    @cached_property
    def boundaries(self) -> dict[str, dict]:
        return {
            name: boundary_document(name, spec, self.partition)
            for name, spec in self.blueprint.permission_boundaries.items()
        }

    def boundary_arn(self, account: Account, name: str) -> str:
        path = self.blueprint.permission_boundaries[name].path
        return f"arn:{self.partition}:iam::{account.id}:policy{path}{name}"

    def role_arn(self, account: Account, name: str, path: str = "/") -> str:
        return f"arn:{self.partition}:iam::{account.id}:role{path}{name}"

    def _policy_set(self, account: Account, identity: dict, boundary: str | None) -> PolicySet:
        return PolicySet(
            scp_levels=self.scp_levels(account),
            identity=identity,
            boundary=(boundary, self.boundaries[boundary]) if boundary else None,
            management_account=account.is_management,
        )

    def permission_set(self, name: str, account: Account, groups: tuple[str, ...]) -> Principal:
        spec = self.blueprint.permission_sets[name]
        identity = {reference: managed_policy(reference) for reference in spec.managed_policies}
        if spec.inline_policy is not None:
            identity["inline"] = spec.inline_policy.model_dump(exclude_none=True)
        suffix = hashlib.sha256(name.encode()).hexdigest()[:16]  # AWS's is random; any will do
        role = f"{SSO_ROLE_PREFIX}/{self.home_region}/AWSReservedSSO_{name}_{suffix}"
        incomplete = None
        if spec.customer_managed_policies:
            names = ", ".join(p.name for p in spec.customer_managed_policies)
            incomplete = f"customer-managed policies not in the blueprint: {names}"
        return Principal(
            "permission-set",
            name,
            account,
            f"arn:{self.partition}:iam::{account.id}:role/{role}",
            self._policy_set(account, identity, spec.boundary),
            groups=groups,
            boundary=spec.boundary,
            incomplete=incomplete,
        )

    def workload(self, account: Account) -> Principal:
        """The role of existing compute in `account`: the worst case (see the module's
        assumptions). Reached only through escalation; not a row of the matrix."""
        return Principal(
            "workload",
            WORKLOAD_ROLE,
            account,
            self.role_arn(account, WORKLOAD_ROLE),
            self._policy_set(account, {ADMINISTRATOR: managed_policy(ADMINISTRATOR)}, None),
        )

    def principals(self) -> list[Principal]:
        """Every analysed principal, in a stable order: assigned permission sets by account,
        then break-glass, deployers and root users by account."""
        groups: dict[tuple[str, str], list[str]] = {}
        for grant in grants(self.blueprint, self.tree):
            groups.setdefault((grant.permission_set, grant.account), []).append(grant.group)
        result = [
            self.permission_set(name, self.accounts[account], tuple(sorted(members)))
            for (name, account), members in sorted(groups.items(), key=lambda i: (i[0][1], i[0][0]))
        ]
        admin = {ADMINISTRATOR: managed_policy(ADMINISTRATOR)}
        org = self.blueprint.organization
        for account in self.accounts.values():
            role = self.blueprint.break_glass.role_name
            result.append(
                Principal(
                    "break-glass",
                    role,
                    account,
                    self.role_arn(account, role),
                    self._policy_set(account, admin, None),
                )
            )
            for name in sorted({org.access_role, *org.deployment_roles}):
                if account.is_management and name == org.access_role:
                    continue  # the access role exists only in member accounts
                result.append(
                    Principal(
                        "deployer",
                        name,
                        account,
                        self.role_arn(account, name),
                        self._policy_set(account, admin, None),
                    )
                )
            if not account.is_management:
                result.append(
                    Principal(
                        "root",
                        "root",
                        account,
                        f"arn:{self.partition}:iam::{account.id}:root",
                        self._policy_set(account, {}, None),
                    )
                )
        return result
