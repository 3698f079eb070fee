"""The draft from small hand-made snapshots, no emulator: what an earlier org-iam deployment
recorded (account keys, environment, PCI scope, owner and expiry in its tags; the blueprint SCPs
each composed SCP lists) comes back as blueprint keys, and org-iam's own tags and quarantine are
never copied as the adopter's own."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

from blueprint import OrgTree
from blueprint.model import Blueprint
from guardrails.compose import compose_guardrails
from orgctl.adoption.draft import build_draft
from orgctl.live.snapshot import LiveAccount, LiveOrganization, LiveOu, LiveScp, LiveSnapshot
from orgctl.live.statements import document_statements, statement_key

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
                ("org-iam:account-key", "ann"),
                ("org-iam:expires", "2026-12-20"),
                ("team", "data"),
            ],
        )
    )

    unit = draft.document["organizational_units"]["Sandbox"]
    account = draft.document["accounts"]["ann"]  # the key org-iam recorded, not the name
    assert account["name"] == "sandbox-ann"
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
    assert "name" not in draft.document["accounts"]["sandbox-ann"]


LEAVE = {
    "Sid": "DenyLeaveOrganization",
    "Effect": "Deny",
    "Action": "organizations:LeaveOrganization",
    "Resource": "*",
}
REGIONS = {"Sid": "OnlyUsEast1", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}


def composed(policy_id: str, sources: str, statements: list, targets: tuple) -> LiveScp:
    name = "+".join(s.strip() for s in sources.split(","))
    return LiveScp(
        policy_id,
        f"org-iam-{name}",
        f"org-iam guardrails: {sources}",
        json.dumps({"Version": "2012-10-17", "Statement": statements}),
        False,
        targets,
    )


def test_scps_org_iam_composed_come_back_as_the_blueprints_scps():
    live = replace(
        snapshot(),
        ous=(
            LiveOu("ou-1", "Sandbox", "Sandbox", ROOT),
            LiveOu("ou-2", "Workloads", "Workloads", ROOT),
        ),
        scps=(
            composed("p-1", "baseline", [LEAVE], ("ou-1",)),
            composed("p-2", "baseline, region-guard", [LEAVE, REGIONS], ("ou-2",)),
            LiveScp(
                "p-3",
                "org-iam-expired-quarantine",
                "org-iam: quarantine of accounts past their expiry date",
                json.dumps({"Version": "2012-10-17", "Statement": [REGIONS]}),
                False,
                ("444444444444",),
            ),
        ),
    )

    draft = build_draft(live)

    document = draft.document
    assert document["service_control_policies"]["baseline"]["statements"] == [
        "DenyLeaveOrganization"
    ]
    assert document["service_control_policies"]["region-guard"]["custom_statements"] == [REGIONS]
    assert document["organizational_units"]["Workloads"]["scps"] == ["baseline", "region-guard"]
    assert document["organizational_units"]["Sandbox"]["scps"] == ["baseline"]
    assert "scps" not in document["accounts"]["sandbox-ann"]  # the quarantine is derived
    assert draft.scp_keys == {
        "p-1": "baseline",
        "p-2": "baseline+region-guard",
        "p-3": "expired-quarantine",
    }
    document["organizational_units"]["Workloads"]["accounts"] = []
    model = Blueprint.model_validate(document)
    plan = compose_guardrails(model, OrgTree(model), datetime.date(2026, 11, 28))
    assert sorted(plan.policies) == ["baseline", "baseline+region-guard"]
    for policy_id, name in (("p-1", "baseline"), ("p-2", "baseline+region-guard")):
        live_content = next(s.content for s in live.scps if s.id == policy_id)
        assert _keys(plan.policies[name].content) == _keys(live_content)


def test_composed_scps_that_do_not_decompose_are_imported_as_they_are():
    odd = composed("p-2", "baseline, region-guard", [REGIONS], ("ou-1",))  # lacks baseline's
    live = replace(snapshot(), scps=(composed("p-1", "baseline", [LEAVE], ("ou-1",)), odd))

    draft = build_draft(live)

    assert sorted(draft.document["service_control_policies"]) == [
        "baseline",
        "baseline-region-guard",
    ]


def _keys(content: str) -> list[str]:
    return sorted(statement_key(s) for s in document_statements(content))
