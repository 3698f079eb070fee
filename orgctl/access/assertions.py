"""The security team's invariants over the access matrix, and the lockout checks: each names a
capability, where it is asked and who alone may hold it. A violation names the principal, its
groups, the account, the request and what allowed it (and the escalation path, if any)."""

from __future__ import annotations

from dataclasses import dataclass

from orgctl.access.matrix import Row
from orgctl.access.principals import Organization

EMERGENCY = frozenset({"deployer", "break-glass"})


@dataclass(frozen=True)
class Assertion:
    key: str
    text: str
    capability: str
    may_hold: frozenset[str] = frozenset()  # principal kinds allowed to hold it
    must_hold: frozenset[str] = frozenset()  # principal kinds that must hold it (lockout)
    production_only: bool = False  # asked only in production and PCI-scope accounts


@dataclass(frozen=True)
class Violation:
    assertion: Assertion
    row: Row

    @property
    def message(self) -> str:
        principal = self.row.principal
        who = principal.label
        if principal.groups:
            who += f" (groups: {', '.join(principal.groups)})"
        if self.assertion.must_hold:
            answer = self.row.answers[0]
            return f"{who} cannot {answer.ask.action}: {answer.decision.reason}"
        answer = self.row.deciding
        how = f"{answer.ask.action} on {answer.ask.resource}: {answer.decision.reason}"
        if self.row.via:
            return f"{who}, through {' -> '.join(self.row.via)}, can {how}"
        return f"{who} can {how}"


DEFAULT_ASSERTIONS: tuple[Assertion, ...] = (
    Assertion(
        "cloudtrail-only-emergency",
        "Nobody but break-glass and the deployers can stop, delete or reconfigure CloudTrail.",
        "stop-cloudtrail",
        may_hold=EMERGENCY,
    ),
    Assertion(
        "log-archive-only-deployers",
        "Nobody but the deployers can delete or make unreadable the log archive.",
        "destroy-log-archive",
        may_hold=frozenset({"deployer"}),
    ),
    Assertion(
        "no-account-leaves",
        "No member account can leave the organization.",
        "leave-organization",
    ),
    Assertion(
        "no-iam-users",
        "Nobody but break-glass and the deployers can create IAM users, passwords or keys.",
        "create-iam-users-or-keys",
        may_hold=EMERGENCY,
    ),
    Assertion(
        "security-services-stay-on",
        "Nobody but break-glass and the deployers can disable GuardDuty, Security Hub, Config "
        "or Access Analyzer.",
        "disable-security-services",
        may_hold=EMERGENCY,
    ),
    Assertion(
        "regions-only-emergency",
        "Nobody but break-glass and the deployers can act outside the allowed Regions.",
        "act-outside-regions",
        may_hold=EMERGENCY,
    ),
    Assertion(
        "no-exempt-takeover",
        "No engineer session can create or take over a guardrail-exempt role.",
        "become-exempt-principal",
    ),
    Assertion(
        "root-sessions-only-emergency",
        "Nobody but break-glass and the deployers can open a root session.",
        "act-as-root",
        may_hold=EMERGENCY,
    ),
    Assertion(
        "production-databases-kept",
        "In production and PCI accounts nobody but break-glass and the deployers can delete "
        "or share databases.",
        "delete-or-share-databases",
        may_hold=EMERGENCY,
        production_only=True,
    ),
    Assertion(
        "deployers-keep-cloudtrail",
        "The deployers can still manage CloudTrail in every account.",
        "stop-cloudtrail",
        must_hold=frozenset({"deployer"}),
    ),
    Assertion(
        "deployers-keep-security-services",
        "The deployers can still manage the security services in every account.",
        "disable-security-services",
        must_hold=frozenset({"deployer"}),
    ),
    Assertion(
        "emergency-keeps-all-regions",
        "Break-glass and the deployers can still act in every Region.",
        "act-outside-regions",
        must_hold=EMERGENCY,
    ),
)


def _in_production(org: Organization, account_key: str) -> bool:
    node = org.tree.ou_of(account_key)
    return node is not None and (node.environment == "production" or node.pci_scope)


def violations(
    org: Organization, rows: list[Row], assertions=DEFAULT_ASSERTIONS
) -> list[Violation]:
    found = []
    for assertion in assertions:
        for row in rows:
            if row.capability.key != assertion.capability:
                continue
            if assertion.production_only and not _in_production(org, row.principal.account.key):
                continue
            kind = row.principal.kind
            if assertion.must_hold:
                if kind in assertion.must_hold and not row.held:
                    found.append(Violation(assertion, row))
            elif row.held and kind not in assertion.may_hold:
                found.append(Violation(assertion, row))
    return found
