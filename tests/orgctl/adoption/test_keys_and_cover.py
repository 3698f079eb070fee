"""Keys made from live names are valid and unique; OU cover picks the top-most OUs whose every
account has the assignment and lists the rest one by one."""

from __future__ import annotations

from orgctl.adoption import keys
from orgctl.adoption.identity_section import _accounts_below, _cover

UNITS = {
    "Workloads": {
        "accounts": ["net"],
        "children": {
            "Prod": {"accounts": ["p1", "p2"], "children": {"Pci": {"accounts": ["c1"]}}},
            "Dev": {"accounts": ["d1"]},
        },
    },
    "Empty": {},
}


def test_an_account_set_covering_a_whole_ou_becomes_that_ou():
    below = _accounts_below(UNITS)

    assert _cover({"p1", "p2", "c1", "d1"}, below) == (["Workloads/Dev", "Workloads/Prod"], [])
    assert _cover({"net", "p1", "p2", "c1", "d1"}, below) == (["Workloads"], [])


def test_accounts_outside_a_whole_ou_stay_listed():
    below = _accounts_below(UNITS)

    assert _cover({"p1", "c1", "mgmt"}, below) == (["Workloads/Prod/Pci"], ["mgmt", "p1"])


def test_account_keys_are_slugs_and_unique():
    taken: set[str] = set()

    first = keys.account_key("Prod App (1)", "111122223333", taken)
    second = keys.account_key("prod app 1", "444455556666", taken)

    assert (first, second) == ("prod-app-1", "prod-app-1-6666")


def test_a_sid_that_is_not_letters_and_digits_is_replaced():
    taken: set[str] = set()

    assert keys.statement_sid("Deny-Leave", "region lock 1", taken) == "RegionLock11"
    assert keys.statement_sid("DenyLeave", "x", taken) == "DenyLeave"
    assert keys.statement_sid("DenyLeave", "x", taken) == "X1"
