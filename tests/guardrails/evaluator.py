"""A small evaluator of Deny statements, enough to ask "would this request be denied?".

Implements the condition operators our SCPs use, with AWS's rules for absent keys: positive
operators fail, negated operators (…Not…) and …IfExists succeed, Null tests absence. Matching of
actions is case-insensitive with * and ? wildcards, as in IAM.
"""

from __future__ import annotations

import fnmatch
import json
import re


def _glob(pattern: str, value: str, *, case: bool = True) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, 0 if case else re.IGNORECASE) is not None


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _key_matches(operator: str, expected: list, actual) -> bool:
    base = operator.removesuffix("IfExists")
    if base in ("StringEquals", "StringNotEquals"):
        hit = any(actual == e for e in expected)
    elif base in ("StringLike", "StringNotLike", "ArnLike", "ArnNotLike"):
        hit = any(_glob(e, actual) for e in expected)
    elif base == "Bool":
        hit = any(str(actual).lower() == str(e).lower() for e in expected)
    elif base in ("NumericLessThan", "NumericLessThanEquals"):
        bound = float(expected[0])
        hit = float(actual) < bound if base == "NumericLessThan" else float(actual) <= bound
    else:
        raise NotImplementedError(operator)
    return not hit if "Not" in base else hit


def condition_holds(condition: dict, context: dict) -> bool:
    for operator, keys in condition.items():
        for key, expected in keys.items():
            expected = _as_list(expected)
            if operator == "Null":
                absent = key not in context
                if absent != (str(expected[0]).lower() == "true"):
                    return False
                continue
            if key not in context:
                if operator.endswith("IfExists") or "Not" in operator:
                    continue
                return False
            if not _key_matches(operator, expected, context[key]):
                return False
    return True


def statement_applies(statement: dict, action: str, resource: str, context: dict) -> bool:
    if "Action" in statement:
        if not any(_glob(p, action, case=False) for p in _as_list(statement["Action"])):
            return False
    elif any(_glob(p, action, case=False) for p in _as_list(statement["NotAction"])):
        return False
    if "NotResource" in statement:
        if any(fnmatch.fnmatchcase(resource, p) for p in _as_list(statement["NotResource"])):
            return False
    elif not any(
        fnmatch.fnmatchcase(resource, p) for p in _as_list(statement.get("Resource", "*"))
    ):
        return False
    return condition_holds(statement.get("Condition", {}), context)


def denying_sids(
    documents: list[str], action: str, context: dict, resource: str = "*"
) -> list[str]:
    """Sids of the Deny statements in `documents` that would deny this request."""
    sids = []
    for document in documents:
        for statement in json.loads(document)["Statement"]:
            if statement["Effect"] == "Deny" and statement_applies(
                statement, action, resource, context
            ):
                sids.append(statement.get("Sid", "?"))
    return sids


def allowed(document: str, action: str, context: dict, resource: str = "*") -> bool:
    """Whether one policy document (e.g. a permission boundary) allows the request: an Allow
    statement applies and no Deny statement does."""
    statements = json.loads(document)["Statement"]
    applying = [s for s in statements if statement_applies(s, action, resource, context)]
    return any(s["Effect"] == "Allow" for s in applying) and not any(
        s["Effect"] == "Deny" for s in applying
    )
