"""Policy statements compared by effect, not by spelling: the same statement written with other
whitespace, key order, list order, a one-element list for a string, or another Sid is the same
statement. Import uses this to recognise library statements; drift to compare what is attached."""

from __future__ import annotations

import json

from blueprint.policy_json import canonical_statement, minify


class DocumentError(ValueError):
    pass


def _single(value):
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def normalized(statement: dict) -> dict:
    """The statement without its Sid, one-element lists as strings, in canonical order."""
    body = {k: _single(v) for k, v in statement.items() if k != "Sid"}
    if "Condition" in body:
        body["Condition"] = {
            operator: {key: _single(value) for key, value in values.items()}
            for operator, values in body["Condition"].items()
        }
    return canonical_statement(body)


def statement_key(statement: dict) -> str:
    return minify(normalized(statement))


def document_statements(content: str) -> list[dict]:
    """The statements of a policy document (a single statement object counts as a list)."""
    try:
        document = json.loads(content)
    except ValueError as error:
        raise DocumentError(f"not JSON: {error}") from None
    if not isinstance(document, dict) or "Statement" not in document:
        raise DocumentError("no 'Statement'")
    statements = document["Statement"]
    statements = statements if isinstance(statements, list) else [statements]
    if not all(isinstance(s, dict) for s in statements):
        raise DocumentError("a statement is not an object")
    return statements
