"""The delegated service principals follow the blueprint's monitoring switches."""

from __future__ import annotations

from types import SimpleNamespace

from org.delegated_services import delegated_principals


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
