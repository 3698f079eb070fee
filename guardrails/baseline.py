"""What the SCPs of an organization must guarantee before it is planned: the baseline denies in
effect on every OU and account, and a protected name for every role an SCP exempts. These are
the rules the policy pack's scp-baseline-everywhere and scp-exemptions-protected apply to the
plan; they are stated here over plain statements so that validation refuses a blueprint that
breaks them at its line (the pack cannot import this module: a test proves the two agree).
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Iterable, Mapping

from blueprint.statements import as_list, statement_covers

_EXEMPTIONS_ONLY = ("ArnNotLike", "ArnNotEquals")


def denies_everyone_but_exempt(statement: Mapping, action: str) -> bool:
    """A Deny of `action` whose only conditions exempt principals: a deny conditioned on
    anything else (the root user's deny-all) does not stop everybody else."""
    condition = statement.get("Condition") or {}
    return (
        statement.get("Effect") == "Deny"
        and statement_covers(statement, action)
        and all(operator in _EXEMPTIONS_ONLY for operator in condition)
    )


def denies_root_everything(statement: Mapping) -> bool:
    """A Deny of '*' that reaches the root user: it names the root ARN, or its only conditions
    exempt principals that are not root (a quarantine's deny-all)."""
    if statement.get("Effect") != "Deny" or "*" not in as_list(statement.get("Action")):
        return False
    condition = statement.get("Condition") or {}
    text = json.dumps(condition).lower()  # condition keys are case-insensitive
    if ":root" in text and "aws:principalarn" in text:
        return ":root" not in json.dumps(condition.get("ArnNotLike", {}))
    exempts_only = all(operator in _EXEMPTIONS_ONLY for operator in condition)
    return exempts_only and ":root" not in text


# (the pack's rule name, what is missing in words, the library statement that provides it, test)
BASELINE: tuple[tuple[str, str, str, Callable[[Mapping], bool]], ...] = (
    ("root-deny", "deny of the root user", "DenyRootUser", denies_root_everything),
    (
        "leave-organization-deny",
        "deny of leaving the organization",
        "DenyLeaveOrganization",
        lambda s: denies_everyone_but_exempt(s, "organizations:LeaveOrganization"),
    ),
    (
        "cloudtrail-protection",
        "CloudTrail protection",
        "ProtectCloudTrail",
        lambda s: denies_everyone_but_exempt(s, "cloudtrail:StopLogging"),
    ),
)

# The library statement that protects the names the library exempts.
NAME_PROTECTION = "ProtectAccessRoles"
_EXEMPTING_OPERATORS = ("ArnNotLike", "ArnNotEquals", "StringNotLike", "StringNotEquals")


def missing_baseline(in_effect: Iterable[Mapping]) -> list[tuple[str, str, str]]:
    """(rule, words, library Sid) of each baseline deny that no statement in effect provides."""
    found = list(in_effect)
    return [
        (rule, words, sid)
        for rule, words, sid, test in BASELINE
        if not any(test(statement) for statement in found)
    ]


def exempt_role_patterns(statement: Mapping) -> list[str]:
    """Role ARN patterns a Deny exempts by aws:PrincipalArn."""
    if statement.get("Effect") != "Deny":
        return []
    found = []
    for operator, values in (statement.get("Condition") or {}).items():
        if operator.removesuffix("IfExists") not in _EXEMPTING_OPERATORS:
            continue
        for key, value in (values or {}).items():
            if key.lower() == "aws:principalarn":
                found += [str(v) for v in as_list(value) if ":role/" in str(v)]
    return found


def protects_name(statement: Mapping, pattern: str) -> bool:
    """Whether a Deny stops others creating roles whose names match `pattern`. A deny of every
    action on '*' (a quarantine) does not count: it binds only where it is attached, while the
    exemption travels with the name."""
    return (
        statement.get("Effect") == "Deny"
        and statement_covers(statement, "iam:CreateRole")
        and any(
            ":role/" in str(resource)
            and fnmatch.fnmatchcase(pattern.lower(), str(resource).lower())
            for resource in as_list(statement.get("Resource"))
        )
    )


def unprotected_exemptions(statement: Mapping, every_statement: list[Mapping]) -> list[str]:
    """The role patterns `statement` exempts that no statement of the organization protects."""
    return sorted(
        {
            pattern
            for pattern in exempt_role_patterns(statement)
            if not any(protects_name(other, pattern) for other in every_statement)
        }
    )
