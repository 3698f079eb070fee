"""Every analysed principal against the catalogue: one row per (principal, capability), held or
not, with the request and the statement that decided it."""

from __future__ import annotations

from dataclasses import dataclass

from iam_evaluator import Decision, Request, evaluate
from orgctl.access.catalogue import CATALOGUE, ROOT_CAPABILITIES, Ask, Capability
from orgctl.access.principals import Organization, Principal


@dataclass(frozen=True)
class Answer:
    ask: Ask
    decision: Decision


@dataclass(frozen=True)
class Row:
    principal: Principal
    capability: Capability
    answers: tuple[Answer, ...]
    via: tuple[str, ...] = ()  # escalation steps, when held only through them

    @property
    def held(self) -> bool:
        return bool(self.via) or any(a.decision.allowed for a in self.answers)

    @property
    def deciding(self) -> Answer:
        """The first allowed request, or else the first request (all denied)."""
        return next((a for a in self.answers if a.decision.allowed), self.answers[0])


def ask(org: Organization, principal: Principal, question: Ask) -> Decision:
    # Every request names a Region; unless the question says otherwise, the home Region.
    context = {
        "aws:RequestedRegion": org.home_region,
        **principal.context,
        **dict(question.context),
    }
    return evaluate(
        Request(principal.arn, question.action, question.resource, context), principal.policies
    )


def capabilities_for(org: Organization, principal: Principal) -> list[Capability]:
    chosen = []
    for capability in CATALOGUE:
        if not capability.applies_to(org, principal.account):
            continue
        if principal.kind == "root" and capability.key not in ROOT_CAPABILITIES:
            continue
        if (
            principal.kind in ("deployer", "break-glass")
            and capability.key == "become-exempt-principal"
        ):
            continue  # they are the exempt principals
        chosen.append(capability)
    return chosen


def answer(org: Organization, principal: Principal, capability: Capability) -> Row:
    asks = capability.asks(org, principal.account, principal)
    return Row(principal, capability, tuple(Answer(q, ask(org, principal, q)) for q in asks))


def matrix(org: Organization, principals: list[Principal] | None = None) -> list[Row]:
    rows = []
    for principal in principals if principals is not None else org.principals():
        rows.extend(answer(org, principal, c) for c in capabilities_for(org, principal))
    return rows
