"""Preflight probe: roles of a guardrail-exempt name that already exist in an adopted account.

The guardrails exempt the access role, the deployment roles, the break-glass role and the
StackSet execution roles by name, and from the first `pulumi up` on nobody else can create or
re-trust them. A role of such a name made before then is the hole the guardrails close: whoever
its trust policy admits is exempt from every SCP. So every principal it trusts must be the
management account or one of its principals (AWS services only for the StackSet roles, which
CloudFormation creates). A deployment or break-glass role that exists already also blocks the
program, which creates them.
"""

from __future__ import annotations

import json
import urllib.parse

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from guardrails.context import STACKSET_EXECUTION_ROLES
from orgctl.account_probe import Problem

_STACKSET_PREFIX = STACKSET_EXECUTION_ROLES.rstrip("*")


def _trusted_principals(document) -> list[str]:
    if isinstance(document, str):
        document = json.loads(urllib.parse.unquote(document))
    principals = []
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal", {})
        if principal == "*":
            principals.append("*")
            continue
        for kind, values in principal.items():
            for value in [values] if isinstance(values, str) else values:
                principals.append(value if kind == "AWS" else f"{kind}:{value}")
    return principals


def _foreign(principals: list[str], management_id: str) -> list[str]:
    inside = (f":{management_id}:", management_id)
    return sorted(
        p
        for p in principals
        if p != management_id and not (p.startswith("arn:") and inside[0] in p)
    )


def exempt_role_problems(
    session: boto3.Session,
    account: str,
    account_id: str,
    *,
    created_by_org_iam: list[str],
    access_role: str,
    management_id: str,
) -> list[Problem]:
    iam = session.client("iam")
    problems = []
    try:
        roles = [r for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
    except (BotoCoreError, ClientError) as error:
        return [
            Problem(
                account,
                account_id,
                "",
                f"cannot list IAM roles: {error}",
                "grant iam:ListRoles to the access role",
            )
        ]
    exempt = {access_role, *created_by_org_iam}
    for role in sorted(roles, key=lambda r: r["RoleName"]):
        name = role["RoleName"]
        stackset = name.startswith(_STACKSET_PREFIX)
        if role.get("Path", "/") != "/" or not (name in exempt or stackset):
            continue
        principals = _trusted_principals(role.get("AssumeRolePolicyDocument", {}))
        foreign = _foreign(principals, management_id)
        if stackset:
            foreign = [p for p in foreign if not p.startswith("Service:")]
        if foreign:
            problems.append(
                Problem(
                    account,
                    account_id,
                    "",
                    f"role '{name}' has a name the guardrails exempt but trusts "
                    f"{', '.join(foreign)}, outside the management account: whoever it admits "
                    "is exempt from every SCP",
                    "restrict its trust policy to the management account, or delete the role",
                )
            )
        elif name in created_by_org_iam:
            problems.append(
                Problem(
                    account,
                    account_id,
                    "",
                    f"role '{name}' already exists; org-iam creates it in every member account",
                    "delete it, or import it into the stack (pulumi import) before pulumi up",
                )
            )
    return problems
