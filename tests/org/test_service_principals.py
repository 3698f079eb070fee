"""The service principal table: what is trusted and delegated follows the monitoring switches."""

from __future__ import annotations

from types import SimpleNamespace

from org.service_principals import (
    delegated_by_switch,
    delegated_principals,
    org_iam_principals,
    service_access_principals,
)


def switches(**on: bool) -> SimpleNamespace:
    defaults = {
        "config": False,
        "access_analyzer": False,
        "guardduty": False,
        "security_hub": False,
    }
    return SimpleNamespace(**{**defaults, **on})


def test_every_switch_on_delegates_every_service():
    assert delegated_principals(
        switches(config=True, access_analyzer=True, guardduty=True, security_hub=True)
    ) == [
        "access-analyzer.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com",
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
    ]


def test_a_switched_off_service_is_not_delegated():
    assert delegated_principals(switches(guardduty=True)) == ["guardduty.amazonaws.com"]


def test_trusted_access_is_the_always_trusted_services_plus_switches_and_extras():
    blueprint = SimpleNamespace(
        monitoring=switches(access_analyzer=True),
        organization=SimpleNamespace(extra_service_access_principals=["ram.amazonaws.com"]),
    )
    assert service_access_principals(blueprint) == [
        "access-analyzer.amazonaws.com",
        "account.amazonaws.com",
        "cloudtrail.amazonaws.com",
        "iam.amazonaws.com",
        "ram.amazonaws.com",
        "sso.amazonaws.com",
    ]


def test_every_delegated_principal_is_also_trusted_and_belongs_to_a_switch():
    delegated = {p for principals in delegated_by_switch().values() for p in principals}
    assert delegated <= org_iam_principals()
    assert set(delegated_by_switch()) == {"access_analyzer", "config", "guardduty", "security_hub"}
    assert delegated_by_switch()["config"] == (
        "config.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com",
    )
