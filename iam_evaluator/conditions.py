"""Condition operators, with AWS's rules for absent keys, `...IfExists` and the
`ForAnyValue:` / `ForAllValues:` set operators. An operator we do not know raises PolicyError:
guessing true or false would make a Deny silently vanish or an Allow silently appear."""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from iam_evaluator.model import PolicyError
from iam_evaluator.patterns import Unresolved, arn_match, glob_match, literal, substitute


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime.datetime | None:
    number = _number(text)
    if number is not None:  # epoch seconds are accepted where dates are
        try:
            return datetime.datetime.fromtimestamp(number, datetime.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _ip(actual: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(actual) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def _ordered(convert: Callable[[str], object], compare: Callable[[object, object], bool]):
    def match(expected: str, actual: str) -> bool:
        left, right = convert(actual), convert(expected)
        return left is not None and right is not None and compare(left, right)

    return match


# base operator -> (matches one policy value against one request value, negated, takes variables)
_MATCHERS: dict[str, tuple[Callable[[str, str], bool], bool, bool]] = {
    "StringEquals": (lambda e, a: literal(e) == a, False, True),
    "StringNotEquals": (lambda e, a: literal(e) == a, True, True),
    "StringEqualsIgnoreCase": (lambda e, a: literal(e).casefold() == a.casefold(), False, True),
    "StringNotEqualsIgnoreCase": (lambda e, a: literal(e).casefold() == a.casefold(), True, True),
    "StringLike": (glob_match, False, True),
    "StringNotLike": (glob_match, True, True),
    "NumericEquals": (_ordered(_number, lambda a, e: a == e), False, False),
    "NumericNotEquals": (_ordered(_number, lambda a, e: a == e), True, False),
    "NumericLessThan": (_ordered(_number, lambda a, e: a < e), False, False),
    "NumericLessThanEquals": (_ordered(_number, lambda a, e: a <= e), False, False),
    "NumericGreaterThan": (_ordered(_number, lambda a, e: a > e), False, False),
    "NumericGreaterThanEquals": (_ordered(_number, lambda a, e: a >= e), False, False),
    "DateEquals": (_ordered(_date, lambda a, e: a == e), False, False),
    "DateNotEquals": (_ordered(_date, lambda a, e: a == e), True, False),
    "DateLessThan": (_ordered(_date, lambda a, e: a < e), False, False),
    "DateLessThanEquals": (_ordered(_date, lambda a, e: a <= e), False, False),
    "DateGreaterThan": (_ordered(_date, lambda a, e: a > e), False, False),
    "DateGreaterThanEquals": (_ordered(_date, lambda a, e: a >= e), False, False),
    "Bool": (lambda e, a: literal(e).lower() == a.lower(), False, True),
    "BinaryEquals": (lambda e, a: e == a, False, False),
    "IpAddress": (lambda e, a: _ip(a, e), False, False),
    "NotIpAddress": (lambda e, a: _ip(a, e), True, False),
    "ArnEquals": (arn_match, False, True),
    "ArnLike": (arn_match, False, True),
    "ArnNotEquals": (arn_match, True, True),
    "ArnNotLike": (arn_match, True, True),
}
OPERATORS = frozenset(_MATCHERS) | {"Null"}


@dataclass(frozen=True)
class Operator:
    name: str  # as written, e.g. "ForAllValues:StringLikeIfExists"
    base: str
    set_operator: str | None  # "ForAnyValue", "ForAllValues" or None
    if_exists: bool


@lru_cache(maxsize=1024)
def parse_operator(name: str) -> Operator:
    set_operator, _, rest = name.rpartition(":")
    if set_operator and set_operator not in ("ForAnyValue", "ForAllValues"):
        raise PolicyError(f"unknown set operator '{set_operator}' in condition '{name}'")
    if_exists = rest.endswith("IfExists") and rest != "IfExists"
    base = rest.removesuffix("IfExists") if if_exists else rest
    if base not in OPERATORS:
        raise PolicyError(f"unknown condition operator '{name}'")
    if base == "Null" and (if_exists or set_operator):
        raise PolicyError(f"'{name}': Null takes neither IfExists nor a set operator")
    return Operator(name, base, set_operator or None, if_exists)


_VALUE_KINDS = {"Numeric": ("a number", _number), "Date": ("a date", _date)}


def check_values(operator: Operator, values: list[str]) -> None:
    """Policy values the operator cannot compare are a policy error, found when compiling."""
    for prefix, (kind, convert) in _VALUE_KINDS.items():
        if operator.base.startswith(prefix):
            for value in values:
                if convert(value) is None:
                    raise PolicyError(f"{operator.name}: '{value}' is not {kind}")
    if operator.base in ("IpAddress", "NotIpAddress"):
        for value in values:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise PolicyError(
                    f"{operator.name}: '{value}' is not an IP address or CIDR"
                ) from None
    if operator.base == "Null":
        for value in values:
            if value.lower() not in ("true", "false"):
                raise PolicyError(f"Null: '{value}' must be 'true' or 'false'")


def _policy_values(values: list[str], context: dict[str, list[str]], variables: bool) -> list[str]:
    """Policy values with variables substituted; a value whose variable has no value in the
    request is dropped (AWS: the variable cannot be resolved, so that value matches nothing)."""
    if not variables:
        return values
    resolved = []
    for value in values:
        try:
            resolved.append(substitute(value, context))
        except Unresolved:
            continue
    return resolved


def condition_holds(
    operator: Operator, key: str, values: list[str], context: dict[str, list[str]]
) -> bool:
    """One operator on one key. `context` maps lower-cased keys to lists of strings; a key
    absent from it is absent from the request."""
    actual = context.get(key.lower())
    if operator.base == "Null":
        wants_absent = values[0].lower() == "true" if values else True
        return (actual is None) == wants_absent
    if actual is None or (operator.set_operator and not actual):
        if operator.if_exists:
            return True
        if operator.set_operator == "ForAllValues":
            return True  # vacuously true: nothing in the request is outside the set
        if operator.set_operator == "ForAnyValue":
            return False
        return _MATCHERS[operator.base][1]  # negated operators hold on an absent key
    match, negated, variables = _MATCHERS[operator.base]
    expected = _policy_values(values, context, variables)
    if variables and values and not expected:
        return False  # every value needed a variable the request does not have

    def holds(one: str) -> bool:
        return negated != any(match(e, one) for e in expected)

    if operator.set_operator == "ForAllValues":
        return all(holds(one) for one in actual)
    if operator.set_operator == "ForAnyValue":
        return any(holds(one) for one in actual)
    # A single-valued operator on a multivalued key: it matches if any request value matches.
    return negated != any(match(e, one) for e in expected for one in actual)
