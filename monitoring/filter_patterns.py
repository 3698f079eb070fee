"""A matcher for CloudWatch Logs JSON filter patterns, so every alarm pattern can be tested
against real CloudTrail events offline (moto stores metric filters but never evaluates them).

Implements the JSON syntax AWS documents for metric filters: `{ <expression> }` where an
expression combines `$.selector OP value` terms with `&&`, `||` and parentheses. Operators: `=`
and `!=` on strings (quoted or bare, `*` wildcards) and numbers, `<`, `<=`, `>`, `>=` on numbers,
and `IS TRUE`, `IS FALSE`, `IS NULL`, `NOT EXISTS`. Selectors are dotted paths with `[n]`
indexes.

Two choices where the documentation is silent, both conservative for our patterns:
- a comparison on a field the event does not have is false, `!=` included (use `NOT EXISTS` to
  test absence); our patterns only compare fields CloudTrail always writes for those events;
- `&&` and `||` may not be mixed at one level without parentheses: this matcher refuses such a
  pattern rather than guess the precedence, so no pattern of ours can depend on it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<and>&&) | (?P<or>\|\|) | (?P<lparen>\() | (?P<rparen>\)) |
        (?P<op>!=|<=|>=|=|<|>) |
        (?P<keyword>IS\s+TRUE|IS\s+FALSE|IS\s+NULL|NOT\s+EXISTS)\b |
        (?P<selector>\$(?:\.[A-Za-z0-9_\-@]+|\[\d+\])+) |
        (?P<quoted>"(?:[^"\\]|\\.)*") |
        (?P<bare>[^\s()&|"=!<>]+)
    )""",
    re.VERBOSE,
)


class PatternError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    selector: str
    operator: str  # =, !=, <, <=, >, >=, IS TRUE, IS FALSE, IS NULL, NOT EXISTS
    value: str | None = None
    quoted: bool = False


@dataclass(frozen=True)
class Combination:
    operator: str  # "&&" or "||"
    operands: tuple


def _tokens(text: str) -> list[tuple[str, str]]:
    position, found = 0, []
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise PatternError(f"cannot read the pattern at: {text[position : position + 20]!r}")
        kind = match.lastgroup
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.index = 0

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else (None, None)

    def take(self, kind=None):
        token = self.peek()
        if token[0] is None or (kind and token[0] != kind):
            raise PatternError(f"expected {kind or 'more'}, found {token[1]!r}")
        self.index += 1
        return token

    def expression(self):
        operands = [self.operand()]
        operator = None
        while self.peek()[0] in ("and", "or"):
            _, symbol = self.take()
            if operator is not None and symbol != operator:
                raise PatternError("'&&' and '||' mixed without parentheses")
            operator = symbol
            operands.append(self.operand())
        return operands[0] if operator is None else Combination(operator, tuple(operands))

    def operand(self):
        if self.peek()[0] == "lparen":
            self.take("lparen")
            inner = self.expression()
            self.take("rparen")
            return inner
        _, selector = self.take("selector")
        kind, symbol = self.take()
        if kind == "keyword":
            return Term(selector, " ".join(symbol.split()))
        if kind != "op":
            raise PatternError(f"expected an operator after {selector}, found {symbol!r}")
        kind, value = self.take()
        if kind == "quoted":
            return Term(selector, symbol, json.loads(value), quoted=True)
        if kind != "bare":
            raise PatternError(f"expected a value after {selector} {symbol}")
        return Term(selector, symbol, value)


def parse(pattern: str):
    text = pattern.strip()
    if not (text.startswith("{") and text.endswith("}")):
        raise PatternError("a JSON filter pattern is enclosed in { }")
    parser = _Parser(_tokens(text[1:-1]))
    tree = parser.expression()
    if parser.index != len(parser.tokens):
        raise PatternError(f"unexpected {parser.peek()[1]!r}")
    return tree


_MISSING = object()


def _select(event: dict, selector: str):
    current = event
    for name, index in re.findall(r"\.([A-Za-z0-9_\-@]+)|\[(\d+)\]", selector[1:]):
        if name:
            if not isinstance(current, dict) or name not in current:
                return _MISSING
            current = current[name]
        else:
            if not isinstance(current, list) or int(index) >= len(current):
                return _MISSING
            current = current[int(index)]
    return current


def _wildcard(expected: str, actual: str) -> bool:
    regex = "".join(
        ".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", expected)
    )
    return re.fullmatch(regex, actual, re.DOTALL) is not None


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _term_matches(term: Term, event: dict) -> bool:
    value = _select(event, term.selector)
    if term.operator == "NOT EXISTS":
        return value is _MISSING
    if value is _MISSING:
        return False
    if term.operator == "IS NULL":
        return value is None
    if term.operator in ("IS TRUE", "IS FALSE"):
        return value is (term.operator == "IS TRUE")
    if term.operator in ("<", "<=", ">", ">="):
        left, right = _number(value), _number(term.value)
        if left is None or right is None or isinstance(value, bool):
            return False
        return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[
            term.operator
        ]
    if isinstance(value, (dict, list)) or value is None:
        equal = False
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and not term.quoted:
        equal = _number(term.value) == float(value)
    else:
        text = str(value).lower() if isinstance(value, bool) else str(value)
        equal = _wildcard(term.value, text)
    return equal if term.operator == "=" else not equal


def _evaluate(node, event: dict) -> bool:
    if isinstance(node, Term):
        return _term_matches(node, event)
    results = (_evaluate(operand, event) for operand in node.operands)
    return all(results) if node.operator == "&&" else any(results)


def matches(pattern: str, event: dict) -> bool:
    """Whether the CloudTrail (or any JSON) event matches the filter pattern."""
    return _evaluate(parse(pattern), event)
