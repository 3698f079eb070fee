"""Wildcard matching as IAM does it: `*` any run of characters, `?` one character; actions
case-insensitive, resources and ARNs case-sensitive and compared component by component; and
policy variables (`${aws:username}`) substituted from the request context first."""

from __future__ import annotations

import re
from functools import lru_cache

# A substituted value is literal text: its `*` and `?` must not become wildcards, so they are
# carried through the pattern as these two private characters until the pattern is compiled.
_LITERAL_STAR = "\x00"
_LITERAL_QUESTION = "\x01"
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SPECIAL = {"*": _LITERAL_STAR, "?": _LITERAL_QUESTION, "$": "$"}


class Unresolved(Exception):
    """A policy variable with no single value in the request and no default."""


def substitute(text: str, context: dict[str, list[str]]) -> str:
    """`text` with every `${key}` / `${key, 'default'}` replaced; raises Unresolved."""
    if "${" not in text:
        return text

    def replace(match: re.Match) -> str:
        inner = match.group(1).strip()
        if inner in _SPECIAL:
            return _SPECIAL[inner]
        key, _, default = inner.partition(",")
        values = context.get(key.strip().lower())
        if values is not None and len(values) == 1:
            value = values[0]
        elif default.strip().startswith("'") and default.strip().endswith("'"):
            value = default.strip()[1:-1]
        else:
            raise Unresolved(key.strip())
        return value.replace("*", _LITERAL_STAR).replace("?", _LITERAL_QUESTION)

    return _VARIABLE.sub(replace, text)


def literal(text: str) -> str:
    """A substituted text as a plain string, for the equality operators."""
    return text.replace(_LITERAL_STAR, "*").replace(_LITERAL_QUESTION, "?")


@lru_cache(maxsize=65536)
def glob_regex(pattern: str, ignore_case: bool = False) -> re.Pattern:
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        elif char == _LITERAL_STAR:
            parts.append(re.escape("*"))
        elif char == _LITERAL_QUESTION:
            parts.append(re.escape("?"))
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return glob_regex(pattern, ignore_case).fullmatch(value) is not None


@lru_cache(maxsize=65536)
def _arn_regexes(pattern: str) -> tuple[re.Pattern, ...] | None:
    parts = pattern.split(":", 5)
    return tuple(glob_regex(part) for part in parts) if len(parts) == 6 else None


def arn_match(pattern: str, value: str) -> bool:
    """ArnLike / ArnEquals: six colon-separated components, each matched on its own (the last
    one, the resource, may itself contain colons). A value that is not an ARN never matches."""
    regexes = _arn_regexes(pattern)
    values = value.split(":", 5)
    if regexes is None or len(values) != 6:
        return False
    return all(r.fullmatch(v) is not None for r, v in zip(regexes, values, strict=True))


def resource_match(pattern: str, resource: str) -> bool:
    """The Resource element: `*` matches everything; ARN patterns per component; a pattern
    that is not a full six-component ARN (e.g. `arn:aws:s3:::*` is, `arn:aws:logs:*` is not)
    is matched as one wildcard string."""
    if pattern == "*":
        return True
    if _arn_regexes(pattern) is not None and resource.count(":") >= 5:
        return arn_match(pattern, resource)
    return glob_match(pattern, resource)


@lru_cache(maxsize=4096)
def actions_regex(patterns: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive regex for a statement's whole Action / NotAction list."""
    alternatives = "|".join(glob_regex(p).pattern for p in patterns)
    return re.compile(f"(?:{alternatives})", re.DOTALL | re.IGNORECASE)
