"""Which AWS services the organization trusts, derived from what the blueprint turns on.

Setting `aws_service_access_principals` replaces the whole list, so principals an adopted
organization already trusts are kept through `organization.extra_service_access_principals`.
"""

from __future__ import annotations

from blueprint.model import Blueprint

ALWAYS = (
    "account.amazonaws.com",  # alternate contacts and Region opt-in across accounts
    "cloudtrail.amazonaws.com",  # the organization trail
    "iam.amazonaws.com",  # centralized root access (no root credentials in members)
    "sso.amazonaws.com",  # IAM Identity Center
)
BY_SWITCH = {
    "guardduty": ("guardduty.amazonaws.com", "malware-protection.guardduty.amazonaws.com"),
    "security_hub": ("securityhub.amazonaws.com",),
    "config": (
        "config.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com",
        "member.org.stacksets.cloudformation.amazonaws.com",  # Config's StackSet
    ),
    "access_analyzer": ("access-analyzer.amazonaws.com",),
}


def service_access_principals(blueprint: Blueprint) -> list[str]:
    monitoring = blueprint.monitoring
    principals = set(ALWAYS) | set(blueprint.organization.extra_service_access_principals)
    for switch, services in BY_SWITCH.items():
        if getattr(monitoring, switch):
            principals.update(services)
    return sorted(principals)


def enabled_policy_types(blueprint: Blueprint) -> list[str]:
    # RCPs carry the identity perimeter (guardrails.perimeter).
    always = {"RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY"}
    return sorted({*always, *blueprint.organization.extra_policy_types})
