"""The AWS service principals the organization works with, in one table: which it trusts
(Organizations trusted access), for which blueprint switch, and how the security tooling account
becomes the service's delegated administrator.

Pure: the program builds the organization (org.organization) and the delegations
(org.delegation) from it; `orgctl preflight`, `drift` and `import` read the same rows.
Setting `aws_service_access_principals` replaces the whole list, so principals an adopted
organization already trusts are kept through `organization.extra_service_access_principals`.
"""

from __future__ import annotations

from dataclasses import dataclass

from blueprint.model import Blueprint, Monitoring

# How the security account becomes delegated administrator of a service.
THROUGH_ORGANIZATIONS = "organizations"  # organizations:RegisterDelegatedAdministrator
# The service's own API, which registers with Organizations itself (a second registration
# through Organizations would conflict).
THROUGH_THE_SERVICE = "service"


@dataclass(frozen=True)
class ServicePrincipal:
    principal: str
    why: str
    switch: str | None = None  # the monitoring switch that needs it; None: always trusted
    delegated: str | None = None  # THROUGH_ORGANIZATIONS, THROUGH_THE_SERVICE or not delegated


SERVICE_PRINCIPALS = (
    ServicePrincipal("account.amazonaws.com", "alternate contacts and Region opt-in"),
    ServicePrincipal("cloudtrail.amazonaws.com", "the organization trail"),
    ServicePrincipal("iam.amazonaws.com", "centralized root access (no member root credentials)"),
    ServicePrincipal("sso.amazonaws.com", "IAM Identity Center"),
    ServicePrincipal("guardduty.amazonaws.com", "GuardDuty", "guardduty", THROUGH_THE_SERVICE),
    ServicePrincipal(
        "malware-protection.guardduty.amazonaws.com", "GuardDuty malware protection", "guardduty"
    ),
    ServicePrincipal(
        "securityhub.amazonaws.com", "Security Hub", "security_hub", THROUGH_THE_SERVICE
    ),
    ServicePrincipal("config.amazonaws.com", "AWS Config", "config", THROUGH_ORGANIZATIONS),
    ServicePrincipal(
        "config-multiaccountsetup.amazonaws.com",
        "AWS Config organization rules and aggregation",
        "config",
        THROUGH_ORGANIZATIONS,
    ),
    ServicePrincipal(
        "member.org.stacksets.cloudformation.amazonaws.com",
        "the StackSet that turns Config on in every member account",
        "config",
    ),
    ServicePrincipal(
        "access-analyzer.amazonaws.com",
        "IAM Access Analyzer",
        "access_analyzer",
        THROUGH_ORGANIZATIONS,
    ),
)


def _switched_on(row: ServicePrincipal, monitoring: Monitoring) -> bool:
    return row.switch is None or bool(getattr(monitoring, row.switch))


def service_access_principals(blueprint: Blueprint) -> list[str]:
    """Trusted access for the organization: what the blueprint turns on, plus its extras."""
    principals = {
        row.principal for row in SERVICE_PRINCIPALS if _switched_on(row, blueprint.monitoring)
    }
    return sorted(principals | set(blueprint.organization.extra_service_access_principals))


def org_iam_principals() -> set[str]:
    """Every principal org-iam may trust, whatever the switches."""
    return {row.principal for row in SERVICE_PRINCIPALS}


def delegated_through(monitoring: Monitoring, how: str) -> list[str]:
    """The principals delegated one way for the switches turned on, in table order."""
    return [
        row.principal
        for row in SERVICE_PRINCIPALS
        if row.delegated == how and _switched_on(row, monitoring)
    ]


def delegated_principals(monitoring: Monitoring) -> list[str]:
    """Every service principal delegated for the switches the blueprint turns on."""
    return sorted(
        row.principal
        for row in SERVICE_PRINCIPALS
        if row.delegated is not None and _switched_on(row, monitoring)
    )


def delegated_by_switch() -> dict[str, tuple[str, ...]]:
    """Monitoring switch -> the principals the security account must administer for it."""
    result: dict[str, tuple[str, ...]] = {}
    for row in SERVICE_PRINCIPALS:
        if row.delegated is not None and row.switch is not None:
            result[row.switch] = (*result.get(row.switch, ()), row.principal)
    return dict(sorted(result.items()))
