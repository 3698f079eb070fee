"""The draft from a small hand-made snapshot, no emulator: what an earlier org-iam deployment
recorded in its own tags (environment, PCI scope, owner, expiry) comes back as blueprint keys,
and org-iam's tags are never copied as the adopter's own."""

from __future__ import annotations

from blueprint.model import Blueprint
from orgctl.adoption.draft import build_draft
from orgctl.live.snapshot import LiveAccount, LiveOrganization, LiveOu, LiveSnapshot

ROOT = "r-ab12"


def snapshot(ou_tags=(), account_tags=()) -> LiveSnapshot:
    return LiveSnapshot(
        organization=LiveOrganization(
            "o-abcdefghij", "arn:org", "ALL", "111111111111", ROOT, ("SERVICE_CONTROL_POLICY",), ()
        ),
        ous=(LiveOu("ou-1", "Sandbox", "Sandbox", ROOT, tuple(ou_tags)),),
        accounts=(
            LiveAccount("111111111111", "Management", "mgmt@example.com", "ACTIVE", ROOT),
            LiveAccount("222222222222", "log-archive", "log@example.com", "ACTIVE", "ou-1"),
            LiveAccount("333333333333", "security", "sec@example.com", "ACTIVE", "ou-1"),
            LiveAccount(
                "444444444444",
                "sandbox-ann",
                "ann@example.com",
                "ACTIVE",
                "ou-1",
                tuple(account_tags),
            ),
        ),
        scps=(),
        delegated_admins=(),
        identity_center=None,
    )


def test_org_iam_tags_come_back_as_blueprint_keys():
    draft = build_draft(
        snapshot(
            ou_tags=[("org-iam:environment", "sandbox"), ("org-iam:pci-scope", "true")],
            account_tags=[
                ("org-iam:owner", "ann@example.com"),
                ("org-iam:expires", "2026-12-20"),
                ("team", "data"),
            ],
        )
    )

    unit = draft.document["organizational_units"]["Sandbox"]
    account = draft.document["accounts"]["sandbox-ann"]
    assert (unit["environment"], unit["pci_scope"]) == ("sandbox", True)
    assert "tags" not in unit
    assert (account["owner"], account["expires"]) == ("ann@example.com", "2026-12-20")
    assert account["tags"] == {"team": "data"}
    Blueprint.model_validate(draft.document)  # raises if the draft is not a blueprint


def test_without_org_iam_tags_nothing_is_guessed():
    draft = build_draft(snapshot(ou_tags=[("org-iam:environment", "moon")]))

    unit = draft.document["organizational_units"]["Sandbox"]
    assert "environment" not in unit and "pci_scope" not in unit
    assert "owner" not in draft.document["accounts"]["sandbox-ann"]
