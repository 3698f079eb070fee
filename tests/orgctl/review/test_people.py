"""Administrator-level permission sets as the blueprint decides them, or from live policies."""

from __future__ import annotations

import json

from orgctl.live.snapshot import LivePermissionSet
from orgctl.review.expectations import Expectations
from orgctl.review.people import is_privileged

LIVE_ONLY = Expectations({}, {}, None, None, "BreakGlassAdmin", "OrganizationAccountAccessRole", {})


def permission_set(name="Ops", managed=(), inline=None) -> LivePermissionSet:
    return LivePermissionSet(
        "arn:ps", name, "", "PT1H", tuple(managed), (), json.dumps(inline) if inline else None
    )


def test_managed_administrator_access_is_privileged():
    assert is_privileged(
        permission_set(managed=["arn:aws:iam::aws:policy/AdministratorAccess"]), LIVE_ONLY
    )
    assert not is_privileged(
        permission_set(managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"]), LIVE_ONLY
    )


def test_inline_iam_star_or_not_action_is_privileged():
    iam_star = {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}
    not_action = {"Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}
    denied = {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    assert is_privileged(permission_set(inline=iam_star), LIVE_ONLY)
    assert is_privileged(permission_set(inline=not_action), LIVE_ONLY)
    assert not is_privileged(permission_set(inline=denied), LIVE_ONLY)


def test_the_blueprint_decides_for_its_own_sets():
    blueprint = Expectations({}, {}, frozenset(), frozenset(), "B", "A", {"Ops": False})
    admin = permission_set(managed=["arn:aws:iam::aws:policy/AdministratorAccess"])
    assert not is_privileged(admin, blueprint)
