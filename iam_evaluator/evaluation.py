"""AWS's policy evaluation logic for one request within one account: explicit deny anywhere
wins; otherwise every SCP level, the identity (or resource) policies and the permissions
boundary must each allow. The module docstring of the package states every rule and its
source."""

from __future__ import annotations

from iam_evaluator.model import Decision, PolicySet, Request, StatementRef
from iam_evaluator.statements import DIRECT, CompiledStatement, RequestView


def _view(request: Request) -> RequestView:
    context: dict[str, list[str]] = {}
    for key, value in request.context.items():
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        context[key.lower()] = [
            ("true" if v else "false") if isinstance(v, bool) else str(v) for v in values
        ]
    account = request.principal_account
    if request.principal_arn:
        context.setdefault("aws:principalarn", [request.principal_arn])
        if account:
            context.setdefault("aws:principalaccount", [account])
    return RequestView(request.principal_arn, account, request.action, request.resource, context)


def _split(statements, view: RequestView, denials: list[StatementRef]) -> list[CompiledStatement]:
    """The Allow statements that apply; Deny statements that apply go to `denials`."""
    allows = []
    for statement in statements:
        if statement.applies(view):
            if statement.effect == "Deny":
                denials.append(statement.ref)
            else:
                allows.append(statement)
    return allows


def evaluate(request: Request, policies: PolicySet) -> Decision:
    view = _view(request)
    scp_levels, identity, boundary, resource = policies.compiled
    denials: list[StatementRef] = []
    allowed_by: list[StatementRef] = []

    # SCPs: every level from the root to the account must allow; the management account and
    # service-linked roles are outside their reach.
    scp_gap = None
    if not policies.management_account and not request.is_service_linked_role:
        for level, statements in scp_levels:
            level_allows = _split(statements, view, denials)
            if not level_allows and scp_gap is None:
                scp_gap = level
            allowed_by.extend(s.ref for s in level_allows)

    identity_allows = _split(identity, view, denials)
    boundary_allows = _split(boundary, view, denials) if boundary is not None else []

    resource_direct = []
    for statement in resource:
        match = statement.principal_match(view)
        if match is None or not statement.applies(view):
            continue
        if statement.effect == "Deny":
            denials.append(statement.ref)
        elif match == DIRECT:
            resource_direct.append(statement)

    if denials:
        return Decision(
            False, denials[0], (), f"explicitly denied by {denials[0].describe()}", tuple(denials)
        )
    if scp_gap is not None:
        return Decision(
            False, None, (), f"implicitly denied: no SCP statement at level '{scp_gap}' allows it"
        )
    if not (identity_allows or resource_direct or request.is_root):
        source = "identity-based or resource-based policy" if resource else "identity-based policy"
        return Decision(False, None, (), f"implicitly denied: no {source} allows it")
    # A resource policy naming an IAM user directly is not limited by the user's boundary; one
    # naming a role is (AWS: "Identity-based policies with permissions boundaries").
    boundary_applies = boundary is not None and not (
        resource_direct and request.is_user and not identity_allows
    )
    if boundary_applies and not boundary_allows:
        return Decision(
            False,
            None,
            (),
            f"implicitly denied: the permissions boundary '{policies.boundary[0]}' does not "
            "allow it",
        )
    grants = [s.ref for s in identity_allows] + [s.ref for s in resource_direct]
    if boundary_applies:
        grants += [s.ref for s in boundary_allows]
    allowed_by.extend(grants)
    if identity_allows or resource_direct:
        first = (identity_allows or resource_direct)[0].ref
        reason = f"allowed by {first.describe()}"
    else:
        reason = "allowed: the root user holds every permission that no policy denies"
    return Decision(True, None, tuple(allowed_by), reason)
