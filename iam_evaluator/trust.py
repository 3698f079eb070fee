"""Whether a role's trust policy admits a principal: the role side of a cross-account
`sts:AssumeRole` ("Cross-account policy evaluation logic"). The caller's own identity policies
must allow the request as well; `evaluate` judges that side within the caller's account.

A statement naming the principal's account (its root) admits the principal when its conditions
hold: the account then delegates to its identity policies. An explicit Deny that applies wins.
"""

from __future__ import annotations

from iam_evaluator.evaluation import _view
from iam_evaluator.model import PolicySet, Request


def trust_admits(trust: dict | str, request: Request) -> bool:
    (statements,) = [PolicySet(resource_policy=("trust", trust)).compiled[3]]
    view = _view(request)
    applying = [s for s in statements if s.principal_match(view) and s.applies(view)]
    return any(s.effect == "Allow" for s in applying) and not any(
        s.effect == "Deny" for s in applying
    )
