"""The emulator is seeded from the plan: the management account, the adopted organization and
accounts with their real ids, and the identity provider's groups."""

from __future__ import annotations

from orgctl.rehearsal.emulator import apply_seed, seed_from_plan
from tests.orgctl.rehearsal.plans import small_plan


def _with_group_lookup(plan: dict) -> dict:
    plan["deployment"]["invokes"] = [
        {
            "token": "aws:identitystore/getGroup:getGroup",
            "args": {
                "alternateIdentifier": {
                    "uniqueAttribute": {"attributePath": "DisplayName", "attributeValue": "Ops"}
                },
                "identityStoreId": "d-mock000000",
            },
            "result": {"groupId": "mock-group-1"},
            "provider": "",
        }
    ]
    return plan


def test_seed_names_what_exists_before_the_first_deployment():
    seed = seed_from_plan(_with_group_lookup(small_plan()))
    assert seed == {
        "management_account": "111111111111",
        "organization_id": "o-exampleorg01",
        "accounts": [],
        "groups": ["Ops"],
    }


def test_a_new_organization_is_not_seeded():
    plan = small_plan()
    for resource in plan["deployment"]["resources"]:
        resource["importID"] = ""
    assert seed_from_plan(plan)["organization_id"] is None


def test_adopted_accounts_keep_their_real_ids_in_the_emulator():
    from moto import mock_aws
    from moto.organizations.models import organizations_backends

    seed = {
        "management_account": "222222222222",
        "organization_id": "o-exampleorg02",
        "accounts": [{"id": "222222222223", "name": "dev", "email": "dev@example.com"}],
        "groups": ["Ops"],
    }
    with mock_aws():
        credentials = apply_seed(seed)
        backend = organizations_backends["222222222222"]["aws"]
        assert backend.org.id == "o-exampleorg02"
        assert backend.get_account_by_id("222222222223").name == "dev"
        assert credentials["access_key"].startswith("AKIA")
