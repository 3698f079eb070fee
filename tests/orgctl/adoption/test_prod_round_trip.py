"""The bundled prod blueprint, deployed into moto's server from its own plan, imports back to a
blueprint whose plan has the same URNs and the same inputs for every object the import adopts.

Both plans run under mocks that answer with the deployed organization's ids. The comparison
leaves out, by name, only what cannot come back: the AWS managed policies under a path and the
Config delegations moto cannot hold (the deployment skipped them), the create-only account
inputs and `close_on_deletion` (AWS records neither), and the group keys in the names of
assignments (AWS keeps the display name only: assignments are compared by set, principal and
account instead). Slow (15 to 30 s on a shared machine: two prod plans besides the session's
and a 19-account deployment), and the one test of the "org-iam deployed it" case."""

from __future__ import annotations

import copy

import boto3
import pytest

from blueprint import load_blueprint
from orgctl.adoption.draft import build_draft
from orgctl.adoption.import_file import run_against_live
from orgctl.export import to_export
from orgctl.live import reader
from orgctl.live.reader import read_organization
from program.domain_checks import DOMAIN_CHECKS
from tests import brownfield
from tests.conftest import PROD, TODAY
from tests.deployed_org import TYPES, as_deployed, deploy, stub_boundaries

ADOPTED = {
    "OrganizationalUnit", "Account", "Policy", "PolicyAttachment", "DelegatedAdministrator",
    "PermissionSet", "ManagedPolicyAttachment", "CustomerManagedPolicyAttachment",
    "PermissionSetInlinePolicy", "PermissionsBoundaryAttachment", "User",
}  # fmt: skip
NOT_RECORDED_BY_AWS = {"roleName", "iamUserAccessToBilling", "closeOnDeletion"}


def kind(resource: dict) -> str:
    names = {type_: name for name, type_ in TYPES.items()}
    return names.get(resource["type"], "")


def adopted(export: dict) -> dict[str, dict]:
    return {r["urn"]: r for r in export["deployment"]["resources"] if kind(r) in ADOPTED}


def assignments(export: dict) -> set[tuple]:
    return {
        (r["inputs"]["permissionSetArn"], r["inputs"]["principalId"], r["inputs"]["targetId"])
        for r in export["deployment"]["resources"]
        if kind(r) == "AccountAssignment"
    }


@pytest.fixture
def deployed_prod(moto_endpoint, tmp_path, prod_plan):
    blueprint = load_blueprint(str(PROD), today=TODAY, extra_checks=DOMAIN_CHECKS)
    plan = copy.deepcopy(prod_plan)  # the session's plan, which other tests read too
    with brownfield.emulator_environment(moto_endpoint), pytest.MonkeyPatch.context() as patch:
        out = deploy(plan, blueprint, brownfield.MANAGEMENT_ID)
        patch.setattr(reader, "boundary_client", lambda session, region: stub_boundaries(out))
        organization_id = boto3.client("organizations").describe_organization()["Organization"][
            "Id"
        ]
        path = tmp_path / "prod-as-deployed.yaml"
        path.write_text(as_deployed(PROD.read_text(), blueprint, out, organization_id))
        yield path, out


def test_the_deployed_prod_blueprint_imports_back_to_the_same_plan(deployed_prod, tmp_path):
    deployed, out = deployed_prod
    again = tmp_path / "imported.yaml"

    code, printed = brownfield.run_orgctl("import", "--out", str(again))
    assert code == 0, printed

    snapshot = read_organization(boto3.Session(), brownfield.REGION)
    draft = build_draft(snapshot)
    before = to_export(
        run_against_live(deployed, snapshot, draft, TODAY, "prod").registrations, "prod"
    )
    after = to_export(run_against_live(again, snapshot, draft, TODAY, "prod").registrations, "prod")
    original, imported = adopted(before), adopted(after)

    skipped = {urn for urn, r in original.items() if urn.rsplit("::", 1)[1] in out.skipped} | {
        urn for urn in original if urn.endswith("::config-multiaccountsetup.amazonaws.com")
    }
    assert {u.rsplit("::", 1)[1] for u in skipped} == {
        *out.skipped,
        "config-multiaccountsetup.amazonaws.com",
    }
    # The import writes Config on (the pack requires it) though moto held no delegation.
    assert set(imported) - skipped == set(original) - skipped
    for urn, resource in imported.items():
        if urn in skipped:
            continue
        want = {k: v for k, v in original[urn]["inputs"].items() if k not in NOT_RECORDED_BY_AWS}
        have = {k: v for k, v in resource["inputs"].items() if k not in NOT_RECORDED_BY_AWS}
        assert have == want, urn
    assert assignments(after) == assignments(before)
    assert len(assignments(after)) == 70
