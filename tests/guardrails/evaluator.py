"""The two questions the guardrail and boundary tests ask of single documents, answered by the
project's evaluator (iam_evaluator): which Deny statements apply, and does one document allow."""

from __future__ import annotations

import re

from iam_evaluator import PolicySet, Request, evaluate


def _resolved(resource: str, context: dict) -> str:
    """Some tests name a resource the way the policy does (`user/${aws:username}`); the request
    is for the concrete resource, so the variable is filled from the same context."""
    return re.sub(r"\$\{([^}]+)\}", lambda m: str(context.get(m.group(1), m.group(0))), resource)


def _decide(documents: list[str], action: str, context: dict, resource: str):
    policies = PolicySet(identity={f"document-{i}": d for i, d in enumerate(documents)})
    # The principal comes only from the context, so a test without aws:PrincipalArn keeps the key
    # absent, as the condition under test expects.
    principal = str(context.get("aws:PrincipalArn", ""))
    return evaluate(Request(principal, action, _resolved(resource, context), context), policies)


def denying_sids(
    documents: list[str], action: str, context: dict, resource: str = "*"
) -> list[str]:
    """Sids of the Deny statements in `documents` that would deny this request."""
    return [ref.sid or "?" for ref in _decide(documents, action, context, resource).denials]


def allowed(document: str, action: str, context: dict, resource: str = "*") -> bool:
    """Whether one policy document (e.g. a permission boundary) allows the request: an Allow
    statement applies and no Deny statement does."""
    return _decide([document], action, context, resource).allowed
