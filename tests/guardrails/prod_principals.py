"""Principals of the prod organization as the evaluator sees them: the SCP chain of an account
(root, every OU on its path, the account), the policies of a permission set, break-glass, the
deployers, and roles an attacker makes. Built from the generated documents, never by hand."""

from __future__ import annotations

import json
from functools import cache

from blueprint import OrgTree, load_blueprint
from guardrails.compose import Target, compose_guardrails
from guardrails.perimeter_documents import identity_perimeter_document
from iam_evaluator import PolicySet, Request, evaluate
from iam_evaluator.managed_policies import managed_policy
from identity.boundary_document import boundary_arn, boundary_document
from tests.conftest import PROD, TODAY

FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
SSO_PATH = "aws-reserved/sso.amazonaws.com/us-east-1/"
BOUNDARY = "EngineerPermissionBoundary"


@cache
def blueprint():
    return load_blueprint(str(PROD), today=TODAY)


@cache
def _plan():
    bp = blueprint()
    return compose_guardrails(bp, OrgTree(bp), TODAY)


def account_id(key: str) -> str:
    return blueprint().accounts[key].id or "100000000099"  # a new account: any member id


def scp_levels(key: str) -> list[tuple[str, dict]]:
    """Root to account, each level with FullAWSAccess and what org-iam attaches there."""
    bp = blueprint()
    plan = _plan()
    node = OrgTree(bp).ou_of(key)
    chain = [n.path for n in reversed(OrgTree(bp).ancestors(node.path))] if node else []

    def level(target: Target) -> dict:
        attached = {p.name: json.loads(p.content) for p in plan.policies_on(target)}
        return {"FullAWSAccess": FULL_AWS_ACCESS, **attached}

    levels = [("root", {"FullAWSAccess": FULL_AWS_ACCESS})]
    levels += [(f"ou:{path}", level(Target("ou", path))) for path in chain]
    levels.append((f"account:{key}", level(Target("account", key))))
    return levels


def boundary() -> tuple[str, dict]:
    bp = blueprint()
    return BOUNDARY, boundary_document(BOUNDARY, bp.permission_boundaries[BOUNDARY], "aws")


def boundary_in(key: str) -> str:
    path = blueprint().permission_boundaries[BOUNDARY].path
    return boundary_arn("aws", BOUNDARY, path).replace("::*:", f"::{account_id(key)}:")


def _managed(names) -> dict[str, dict]:
    return {name: managed_policy(name) for name in names}


@cache
def _permission_set_policies(name: str) -> tuple[dict, bool]:
    spec = blueprint().permission_sets[name]
    identity = _managed(spec.managed_policies)
    if spec.inline_policy is not None:
        identity["inline"] = spec.inline_policy.model_dump(exclude_none=True, by_alias=True)
    return identity, spec.boundary is not None


class Principal:
    """One principal in one account, with every policy that judges its requests."""

    def __init__(self, arn: str, key: str, identity: dict, bounded: bool, context=None):
        self.arn = arn
        self.key = key
        self.context = {
            "aws:PrincipalOrgID": blueprint().organization.id,
            "aws:RequestedRegion": blueprint().organization.home_region,
            **(context or {}),
        }
        self.policies = PolicySet(
            scp_levels=scp_levels(key),
            identity=identity,
            boundary=boundary() if bounded else None,
            management_account=key == blueprint().organization.management_account,
        )

    def decide(self, action: str, resource: str = "*", **context):
        request = Request(self.arn, action, resource, {**self.context, **context})
        return evaluate(request, self.policies)


def permission_set(name: str, key: str) -> Principal:
    identity, bounded = _permission_set_policies(name)
    arn = f"arn:aws:iam::{account_id(key)}:role/{SSO_PATH}AWSReservedSSO_{name}_0123456789abcdef"
    return Principal(arn, key, identity, bounded, {"aws:PrincipalType": "AssumedRole"})


def role(path_and_name: str, key: str, managed=("AdministratorAccess",), bounded=False):
    arn = f"arn:aws:iam::{account_id(key)}:role/{path_and_name}"
    return Principal(arn, key, _managed(managed), bounded, {"aws:PrincipalType": "AssumedRole"})


def deployer(key: str) -> Principal:
    return role(blueprint().organization.deployment_roles[0], key)


def access_role(key: str) -> Principal:
    return role(blueprint().organization.access_role, key)


def break_glass(key: str) -> Principal:
    return role(blueprint().break_glass.role_name, key)


def role_arn(key: str, path_and_name: str) -> str:
    return f"arn:aws:iam::{account_id(key)}:role/{path_and_name}"


def perimeter() -> tuple[str, dict]:
    bp = blueprint()
    document = identity_perimeter_document(
        bp.organization.id, list(bp.organization.trusted_external_accounts)
    )
    return "identity-perimeter", document
