"""Conditions an SCP statement must not be written with: an MFA deny that would catch Identity
Center sessions, a Region deny that would stop global services, and an aws:PrincipalType value
AWS never reports. The policy pack refuses such SCPs (scp-mfa-spares-sso,
scp-region-deny-spares-global-services, scp-conditions-can-match); validation refuses the
blueprint statement first, with the same judgement (a test proves they agree)."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping

from blueprint.statements import as_list

# Actions of global services a Region deny must spare (it would otherwise break IAM, STS and
# Organizations everywhere but in the allowed Regions).
GLOBAL_MUST_BE_SPARED = ("iam:CreateRole", "sts:AssumeRole", "organizations:DescribeOrganization")
# The values AWS reports in aws:PrincipalType; the root user is "Account", never "Root".
PRINCIPAL_TYPES = ("Account", "User", "FederatedUser", "AssumedRole", "Anonymous")


def _condition_keys(statement: Mapping) -> dict[str, str]:
    """Lower-cased condition key -> operator."""
    return {
        key.lower(): operator
        for operator, values in (statement.get("Condition") or {}).items()
        for key in values
    }


def mfa_deny_catches_sso(statement: Mapping) -> bool:
    """A Deny on aws:MultiFactorAuthPresent that neither keeps to IAM users nor exempts the
    Identity Center roles: SAML sessions never carry the key, so it denies every SSO user."""
    keys = _condition_keys(statement)
    if statement.get("Effect") != "Deny" or "aws:multifactorauthpresent" not in keys:
        return False
    condition = json.dumps(statement.get("Condition") or {})
    only_users = keys.get("aws:principaltype") == "StringEquals" and '"User"' in condition
    return not (only_users or "aws-reserved/sso.amazonaws.com" in condition)


def region_deny_stops_global_services(statement: Mapping) -> bool:
    keys = _condition_keys(statement)
    if statement.get("Effect") != "Deny" or "aws:requestedregion" not in keys:
        return False
    spared = [str(p).lower() for p in as_list(statement.get("NotAction"))]
    return "NotAction" not in statement or not all(
        any(fnmatch.fnmatchcase(action.lower(), p) for p in spared)
        for action in GLOBAL_MUST_BE_SPARED
    )


def _can_be_reported(operator: str, value: str) -> bool:
    base = operator.split(":")[-1].removesuffix("IfExists")
    if base in ("StringLike", "StringNotLike"):
        return any(fnmatch.fnmatchcase(kind, value) for kind in PRINCIPAL_TYPES)
    if base.endswith("IgnoreCase"):
        return value.lower() in {kind.lower() for kind in PRINCIPAL_TYPES}
    return value in PRINCIPAL_TYPES


def unreported_principal_types(statement: Mapping) -> list[str]:
    """aws:PrincipalType values the statement compares with that AWS never reports."""
    return [
        str(value)
        for operator, values in (statement.get("Condition") or {}).items()
        for key, given in (values or {}).items()
        if key.lower() == "aws:principaltype"
        for value in as_list(given)
        if not _can_be_reported(operator, str(value))
    ]
