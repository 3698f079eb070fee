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
    capabilities: tuple[str, ...]  # catalogue keys; empty: the whole catalogue
    may_hold: frozenset[str] = frozenset()  # principal kinds allowed to hold them
    must_hold: frozenset[str] = frozenset()  # principal kinds that must hold them (lockout)
    production_only: bool = False  # asked only in production and PCI-scope accounts
    permission_sets: frozenset[str] = frozenset()  # permission sets allowed to hold them
    accounts: frozenset[str] | None = None  # where asked; None: every account
    source: str = "default"  # "default" or "blueprint"

    def asks(self, capability: str) -> bool:
        return not self.capabilities or capability in self.capabilities

    def allows(self, kind: str, name: str) -> bool:
        return kind in self.may_hold or (kind == "permission-set" and name in self.permission_sets)


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
        ("stop-cloudtrail",),
        may_hold=EMERGENCY,
    ),
    Assertion(
        "log-archive-only-deployers",
        "Nobody but the deployers can delete or make unreadable the log archive.",
        ("destroy-log-archive",),
        may_hold=frozenset({"deployer"}),
    ),
    Assertion(
        "no-account-leaves",
        "No member account can leave the organization.",
        ("leave-organization",),
    ),
    Assertion(
        "no-iam-users",
        "Nobody but break-glass and the deployers can create IAM users, passwords or keys.",
        ("create-iam-users-or-keys",),
        may_hold=EMERGENCY,
    ),
    Assertion(
        "security-services-stay-on",
        "Nobody but break-glass and the deployers can disable GuardDuty, Security Hub, Config "
        "or Access Analyzer.",
        ("disable-security-services",),
        may_hold=EMERGENCY,
    ),
    Assertion(
        "regions-only-emergency",
        "Nobody but break-glass and the deployers can act outside the allowed Regions.",
        ("act-outside-regions",),
        may_hold=EMERGENCY,
    ),
    Assertion(
        "no-exempt-takeover",
        "No engineer session can create or take over a guardrail-exempt role.",
        ("become-exempt-principal",),
    ),
    Assertion(
        "root-sessions-only-emergency",
        "Nobody but break-glass and the deployers can open a root session.",
        ("act-as-root",),
        may_hold=EMERGENCY,
    ),
    Assertion(
        "production-databases-kept",
        "In production and PCI accounts nobody but break-glass and the deployers can delete "
        "or share databases.",
        ("delete-or-share-databases",),
        may_hold=EMERGENCY,
        production_only=True,
    ),
    Assertion(
        "deployers-keep-cloudtrail",
        "The deployers can still manage CloudTrail in every account.",
        ("stop-cloudtrail",),
        must_hold=frozenset({"deployer"}),
    ),
    Assertion(
        "deployers-keep-security-services",
        "The deployers can still manage the security services in every account.",
        ("disable-security-services",),
        must_hold=frozenset({"deployer"}),
    ),
    Assertion(
        "emergency-keeps-all-regions",
        "Break-glass and the deployers can still act in every Region.",
        ("act-outside-regions",),
        must_hold=EMERGENCY,
    ),
)


def _in_production(org: Organization, account_key: str) -> bool:
    node = org.tree.ou_of(account_key)
    return node is not None and (node.environment == "production" or node.pci_scope)


_HOLDER_KINDS = {"break-glass": "break-glass", "deployers": "deployer"}


def blueprint_assertions(org: Organization) -> tuple[Assertion, ...]:
    """The blueprint's `access_assertions`, in the evaluator's terms."""
    result = []
    for key, spec in sorted(org.blueprint.access_assertions.items()):
        accounts = None
        if spec.ous or spec.accounts:
            accounts = set(spec.accounts)
            for reference in spec.ous:
                (path,) = org.tree.resolve(reference)  # validation guarantees exactly one
                accounts.update(org.tree.accounts_below(path))
        result.append(
            Assertion(
                key,
                spec.description,
                () if "all" in spec.capabilities else tuple(spec.capabilities),
                may_hold=frozenset(_HOLDER_KINDS[h] for h in spec.only if h in _HOLDER_KINDS),
                permission_sets=frozenset(h for h in spec.only if h not in _HOLDER_KINDS),
                accounts=frozenset(accounts) if accounts is not None else None,
                source="blueprint",
            )
        )
    return tuple(result)


def asked(org: Organization, assertion: Assertion, row: Row) -> bool:
    """Whether the assertion asks this (principal, capability) pair at all."""
    if not assertion.asks(row.capability.key):
        return False
    if assertion.accounts is not None and row.principal.account.key not in assertion.accounts:
        return False
    return not assertion.production_only or _in_production(org, row.principal.account.key)


def violations(
    org: Organization, rows: list[Row], assertions=DEFAULT_ASSERTIONS
) -> list[Violation]:
    found = []
    for assertion in assertions:
        for row in rows:
            if not asked(org, assertion, row):
                continue
            principal = row.principal
            if assertion.must_hold:
                if principal.kind in assertion.must_hold and not row.held:
                    found.append(Violation(assertion, row))
            elif row.held and not assertion.allows(principal.kind, principal.name):
                found.append(Violation(assertion, row))
    return found


@dataclass(frozen=True)
class Scope:
    """What an assertion was evaluated over: an assertion that asked nobody proves nothing."""

    pairs: int
    principals: int
    accounts: int

    def verdict(self, violated: int) -> str:
        if violated:
            return f"VIOLATED ({violated})"
        if not self.pairs:
            return "not evaluated: no principal was asked"
        return (
            f"holds for all {_count(self.pairs, '(principal, capability) pair')} asked, of "
            f"{_count(self.principals, 'principal')} in {_count(self.accounts, 'account')}"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def scopes(org: Organization, rows: list[Row], assertions) -> dict[str, Scope]:
    result = {}
    for assertion in assertions:
        mine = [row for row in rows if asked(org, assertion, row)]
        result[assertion.key] = Scope(
            len(mine),
            len({(r.principal.kind, r.principal.arn) for r in mine}),
            len({r.principal.account.key for r in mine}),
        )
    return result


def assertion_results(
    assertions, found: list[Violation], evaluated: dict[str, Scope]
) -> list[dict]:
    results = []
    for assertion in assertions:
        mine = [v.message for v in found if v.assertion == assertion]
        scope = evaluated[assertion.key]
        results.append(
            {
                "key": assertion.key,
                "source": assertion.source,
                "text": assertion.text,
                "holds": not mine and scope.pairs > 0,
                "verdict": scope.verdict(len(mine)),
                "evaluated": {
                    "pairs": scope.pairs,
                    "principals": scope.principals,
                    "accounts": scope.accounts,
                },
                "violations": mine,
            }
        )
    return results
