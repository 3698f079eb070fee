"""The services the security tooling account administers for the organization, by the
blueprint's monitoring switch, as AWS service principals. Pure: the program registers them
(org.delegation) and `orgctl preflight` checks that no other account holds them."""

from __future__ import annotations

# Registered through Organizations.
ORGANIZATIONS_DELEGATED = {
    "config": ("config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"),
    "access_analyzer": ("access-analyzer.amazonaws.com",),
}
# Designated through the service's own API, which registers with Organizations itself.
SERVICE_DESIGNATED = {
    "guardduty": ("guardduty.amazonaws.com",),
    "security_hub": ("securityhub.amazonaws.com",),
}


def delegated_principals(monitoring) -> list[str]:
    """Every service principal delegated for the switches the blueprint turns on."""
    switches = {**ORGANIZATIONS_DELEGATED, **SERVICE_DESIGNATED}
    return sorted(
        principal
        for switch, principals in switches.items()
        if getattr(monitoring, switch)
        for principal in principals
    )
