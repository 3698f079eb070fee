"""Escalation: which principals a session can become, and what it can then do.

Modelled moves (each checked request by request with the evaluator, in the same account):
- create a role, attach AdministratorAccess to it and assume it (the creator writes its trust
  policy): under the boundary's delegated path, at `/`, and under each guardrail-exempt name. A
  creator with a boundary must give the new role that boundary (the most it may choose);
- take over an existing exempt role (rewrite its trust policy, then assume it);
- pass an existing exempt role, or the account's workload role, to new compute: a Lambda
  function, an EC2 instance, an ECS task or a CloudFormation stack (`orgctl.access.compute`);
- act through existing compute as the account's workload role: SSM commands and sessions and
  user data on EC2 instances, ECS Exec, Lambda code, CloudFormation stack updates that run as
  the stack's service role. The exempt roles trust only people and the management account
  (never a service), so no existing compute runs as them.
Not modelled: cross-account trust, other services that run code as a role (Glue, CodeBuild,
SageMaker, Step Functions...).

A breadth-first search from every assigned permission set gives the shortest path to each
principal it can become; a capability it lacks directly but one of those holds is reported with
that path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iam_evaluator import PolicySet, Request, evaluate
from iam_evaluator.managed_policies import managed_policy
from orgctl.access.catalogue import Ask, exempt_role_names
from orgctl.access.compute import existing_routes, pass_routes
from orgctl.access.matrix import Row, answer, ask, capabilities_for
from orgctl.access.principals import ADMINISTRATOR, Organization, Principal

MAX_STEPS = 3
# The name of a role a session creates to escalate: an ordinary name, not one of org-iam's
# own (role/org-iam-* is protected by the guardrails).
_CREATED = "escalation-probe"


@dataclass(frozen=True)
class Step:
    target: Principal
    text: str


def _trusting(principal: Principal, policies: PolicySet, target_arn: str) -> PolicySet:
    """The target's PolicySet as seen by an AssumeRole from `principal`: its trust policy (the
    target's resource policy) names `principal`, as its creator or new owner wrote it."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": principal.arn}, "Action": "sts:AssumeRole"}
        ],
    }
    return PolicySet(
        scp_levels=policies.scp_levels,
        identity=policies.identity,
        boundary=policies.boundary,
        resource_policy=("trust", trust),
        management_account=policies.management_account,
    )


def _can_assume(org: Organization, principal: Principal, role_arn: str) -> bool:
    context = {"aws:RequestedRegion": org.home_region, **principal.context}
    request = Request(principal.arn, "sts:AssumeRole", role_arn, context)
    return evaluate(request, _trusting(principal, principal.policies, role_arn)).allowed


def _created_roles(org: Organization, principal: Principal) -> list[tuple[str, str]]:
    """(path, name) of the roles a session might create to escalate."""
    paths = {"/"}
    if principal.boundary:
        paths.add(org.blueprint.permission_boundaries[principal.boundary].delegated_role_path)
    roles = [(path, _CREATED) for path in sorted(paths)]
    roles += [("/", name) for name in exempt_role_names(org)]
    return roles


def _create_and_assume(org: Organization, principal: Principal) -> list[Step]:
    steps = []
    account = principal.account
    admin = f"arn:{org.partition}:iam::aws:policy/{ADMINISTRATOR}"
    boundary = principal.boundary
    with_boundary = (
        (("iam:PermissionsBoundary", org.boundary_arn(account, boundary)),) if boundary else ()
    )
    for path, name in _created_roles(org, principal):
        arn = org.role_arn(account, name, path)
        if arn == principal.arn:
            continue
        create = Ask("iam:CreateRole", arn, with_boundary)
        attach = Ask("iam:AttachRolePolicy", arn, (*with_boundary, ("iam:PolicyARN", admin)))
        if not (ask(org, principal, create).allowed and ask(org, principal, attach).allowed):
            continue
        if not _can_assume(org, principal, arn):
            continue
        policies = PolicySet(
            scp_levels=principal.policies.scp_levels,
            identity={ADMINISTRATOR: managed_policy(ADMINISTRATOR)},
            boundary=principal.policies.boundary,
            management_account=account.is_management,
        )
        target = Principal(
            "escalated", f"role{path}{name}", account, arn, policies, boundary=boundary
        )
        bound = f", boundary {boundary}" if boundary else ", no boundary"
        steps.append(
            Step(target, f"create and assume role{path}{name} (AdministratorAccess{bound})")
        )
    return steps


def _take_over(org: Organization, principal: Principal, emergency: list[Principal]) -> list[Step]:
    steps = []
    for target in emergency:
        if target.account != principal.account or target.arn == principal.arn:
            continue
        if not ask(org, principal, Ask("iam:UpdateAssumeRolePolicy", target.arn)).allowed:
            continue
        if not _can_assume(org, principal, target.arn):
            continue
        steps.append(Step(target, f"rewrite the trust of {target.name} and assume it"))
    return steps


def _called(target: Principal) -> str:
    return "the account's workload role" if target.kind == "workload" else target.name


def _asker(org: Organization, principal: Principal) -> Callable[[Ask], bool]:
    """Whether `principal` may make a request, each distinct request decided once: routes
    share their instance-profile, task-definition and document requests."""
    decided: dict[Ask, bool] = {}

    def allowed(question: Ask) -> bool:
        if question not in decided:
            decided[question] = ask(org, principal, question).allowed
        return decided[question]

    return allowed


def _pass_to_compute(
    org: Organization,
    principal: Principal,
    targets: list[Principal],
    allowed: Callable[[Ask], bool] | None = None,
) -> list[Step]:
    """For each target in the principal's account, the first open route that passes it to
    new compute."""
    allowed = allowed or _asker(org, principal)
    steps = []
    for target in targets:
        if target.account != principal.account or target.arn == principal.arn:
            continue
        for route in pass_routes(org, principal, target.arn):
            if all(allowed(question) for question in route.asks):
                steps.append(Step(target, route.text.format(role=_called(target))))
                break
    return steps


def _through_existing_compute(
    org: Organization,
    principal: Principal,
    workload: Principal,
    allowed: Callable[[Ask], bool] | None = None,
) -> list[Step]:
    """The first open route that runs the principal's code as existing compute's role."""
    if workload.arn == principal.arn:
        return []
    allowed = allowed or _asker(org, principal)
    for route in existing_routes(org, principal):
        if all(allowed(question) for question in route.asks):
            return [Step(workload, route.text.format(role=_called(workload)))]
    return []


class Escalation:
    """Reachability from each principal, with rows of the principals reached memoised: the
    same created role in the same account is the same principal whoever created it."""

    def __init__(self, org: Organization, principals: list[Principal]):
        self.org = org
        self.emergency = [p for p in principals if p.kind in ("deployer", "break-glass")]
        self._workloads: dict[str, Principal] = {}
        self._moves: dict[str, list[Step]] = {}
        self._rows: dict[tuple[str, str], Row] = {}

    def workload(self, principal: Principal) -> Principal:
        key = principal.account.key
        if key not in self._workloads:
            self._workloads[key] = self.org.workload(principal.account)
        return self._workloads[key]

    def moves(self, principal: Principal) -> list[Step]:
        if principal.arn not in self._moves:
            workload = self.workload(principal)
            allowed = _asker(self.org, principal)
            existing = _through_existing_compute(self.org, principal, workload, allowed)
            # Passing the workload role to new compute reaches nobody new once existing
            # compute already runs the principal's code as it.
            passable = self.emergency if existing else [*self.emergency, workload]
            self._moves[principal.arn] = (
                _create_and_assume(self.org, principal)
                + _take_over(self.org, principal, self.emergency)
                + _pass_to_compute(self.org, principal, passable, allowed)
                + existing
            )
        return self._moves[principal.arn]

    def reachable(self, start: Principal) -> list[tuple[Principal, tuple[str, ...]]]:
        """Principals `start` can become, nearest first, with the steps to each."""
        seen = {start.arn}
        frontier = [(start, ())]
        found = []
        for _ in range(MAX_STEPS):
            following = []
            for principal, path in frontier:
                for step in self.moves(principal):
                    if step.target.arn in seen:
                        continue
                    seen.add(step.target.arn)
                    reached = (step.target, (*path, step.text))
                    found.append(reached)
                    following.append(reached)
            frontier = following
        return found

    def row(self, principal: Principal, capability) -> Row:
        key = (principal.arn, capability.key)
        if key not in self._rows:
            self._rows[key] = answer(self.org, principal, capability)
        return self._rows[key]

    def through(self, row: Row) -> Row:
        """`row` itself if held directly, else held through the nearest principal reached."""
        if row.held or row.principal.kind != "permission-set":
            return row
        for target, path in self.reachable(row.principal):
            if row.capability not in capabilities_for(self.org, target):
                continue
            reached = self.row(target, row.capability)
            if reached.held:
                return Row(row.principal, row.capability, reached.answers, via=path)
        return row


def with_escalation(org: Organization, principals: list[Principal], rows: list[Row]) -> list[Row]:
    escalation = Escalation(org, principals)
    return [escalation.through(row) for row in rows]
