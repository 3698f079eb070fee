"""IAM policy JSON as AWS stores it: canonical statements and minified documents.

Every generated document (SCPs, inline policies, the perimeter RCP) and every tool that compares
them with what AWS holds (adoption, drift) goes through these, so the same statement always has
the same bytes, whatever the order of the YAML it came from.
"""

from __future__ import annotations

import json

POLICY_VERSION = "2012-10-17"
_STATEMENT_KEY_ORDER = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource")
# The bytes around the statements of a minified document, counted against size limits.
DOCUMENT_OVERHEAD = len(f'{{"Version":"{POLICY_VERSION}","Statement":[]}}')


def _sorted_strings(value):
    return sorted(value) if isinstance(value, list) else value


def canonical_statement(statement: dict) -> dict:
    """Fixed key order, sorted action/resource lists and condition keys and values."""
    result = {k: _sorted_strings(statement[k]) for k in _STATEMENT_KEY_ORDER if k in statement}
    condition = statement.get("Condition")
    if condition:
        result["Condition"] = {
            operator: {key: _sorted_strings(values[key]) for key in sorted(values)}
            for operator, values in sorted(condition.items())
        }
    return result


def minify(document: dict) -> str:
    """The document without whitespace: how AWS counts a policy's size."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def minified_document(statements: list[dict]) -> str:
    return minify({"Version": POLICY_VERSION, "Statement": statements})
