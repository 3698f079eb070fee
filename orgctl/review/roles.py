"""Roles in one account that matter to a review: those trusting principals outside the
organization (vendors, other companies), and the break-glass role, whose every use should be a
recorded test or an incident."""

from __future__ import annotations

import re

from orgctl.live.account_iam import AccountIam, IamRole
from orgctl.review.break_glass_tests import RecordedTest
from orgctl.review.flags import Flag
from orgctl.review.model import BREAK_GLASS_ROLE, OUTSIDE_TRUST, AccessLine, Account

_ACCOUNT_IN_ARN = re.compile(r"^arn:[^:]+:(?:iam|sts)::(\d{12}):")
_ORG_KEYS = ("aws:principalorgid", "aws:principalorgpaths")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _org_bound(statement: dict, organization_id: str) -> bool:
    """A '*' principal is bound to the organization by aws:PrincipalOrgID (or OrgPaths)."""
    for operator, values in (statement.get("Condition") or {}).items():
        if not operator.startswith("StringEquals") and not operator.startswith("StringLike"):
            continue
        for key, value in values.items():
            if key.lower() == "aws:principalorgid" and organization_id in _as_list(value):
                return True
            if key.lower() == "aws:principalorgpaths" and any(
                organization_id in str(v) for v in _as_list(value)
            ):
                return True
    return False


def outside_principals(role: IamRole, organization_id: str, member_ids: set[str]) -> list[str]:
    """AWS principals the role trusts that are not accounts of the organization. Services and
    identity providers are not people of another company and are left out."""
    found = set()
    for statement in _as_list(role.trust.get("Statement", [])):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal", {})
        values = ["*"] if principal == "*" else _as_list(principal.get("AWS", []))
        for value in values:
            if value == "*":
                if not _org_bound(statement, organization_id):
                    found.add("*")
                continue
            match = _ACCOUNT_IN_ARN.match(value)
            account = (
                value if re.fullmatch(r"\d{12}", value) else (match.group(1) if match else None)
            )
            if account is None or account not in member_ids:
                found.add(value)
    return sorted(found)


def role_lines(
    account: Account,
    iam: AccountIam,
    organization_id: str,
    member_ids: set[str],
    break_glass_role: str,
    tests: list[RecordedTest],
) -> list[AccessLine]:
    lines = []
    tested = {record.date for record in tests}
    for role in iam.roles:
        if role.path.startswith("/aws-service-role/"):
            continue  # service-linked: AWS's own, trusted only by the service
        outside = outside_principals(role, organization_id, member_ids)
        if outside:
            lines.append(
                AccessLine(
                    account=account,
                    kind=OUTSIDE_TRUST,
                    principal=role.name,
                    access="trusts " + ", ".join(outside),
                    flags=(
                        Flag(
                            "outside-trust",
                            f"role '{role.name}' in '{account.name}' trusts "
                            f"{', '.join(outside)}, outside the organization",
                        ),
                    ),
                )
            )
        if role.name == break_glass_role:
            used = role.last_used.date() if role.last_used else None
            flags = ()
            if used is not None and used not in tested:
                flags = (
                    Flag(
                        "break-glass-use",
                        f"break-glass role '{role.name}' in '{account.name}' was used on {used}, "
                        "a day with no recorded test",
                    ),
                )
            lines.append(
                AccessLine(
                    account=account,
                    kind=BREAK_GLASS_ROLE,
                    principal=role.name,
                    access="trusted by the break-glass users",
                    last_used=str(used) if used else "",
                    flags=flags,
                )
            )
    return lines
