"""The Pulumi import file, proven offline: every entry's URN (type, logical name and parent
chain, computed as `pulumi import` computes it) is a resource of the plan, and the program's
inputs for it equal the live object's values, so the first `pulumi preview` after the import
replaces nothing. The program runs under mocks that answer with the live ids and data sources,
as the imported state would; the expected values come from the seed, not from the importer."""

from __future__ import annotations

import contextlib
import io
import json

import boto3
import pytest

from orgctl.adoption.draft import build_draft
from orgctl.adoption.import_file import run_against_live
from orgctl.cli import main
from orgctl.export import to_export
from orgctl.live.reader import read_organization
from orgctl.live.statements import document_statements, statement_key
from tests import brownfield as seed
from tests.conftest import TODAY
from tests.import_file_urns import file_urns

STACK = "prod"


@pytest.fixture(scope="module")
def adoption(brownfield_org, tmp_path_factory):
    folder = tmp_path_factory.mktemp("adopt")
    blueprint, import_file = folder / "adopted.yaml", folder / "import.json"
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main(
            ["import", "--out", str(blueprint), "--pulumi-import", str(import_file),
             "--today", TODAY.isoformat(), "--format", "json"]
        )  # fmt: skip
    assert code == 0, printed.getvalue()
    with contextlib.redirect_stdout(io.StringIO()):
        main(
            ["plan", "--stack", STACK, "--blueprint", str(blueprint), "--out", str(folder),
             "--today", TODAY.isoformat()]
        )  # fmt: skip
    plan = json.loads((folder / STACK / "plan.json").read_text())
    snapshot = read_organization(boto3.Session(), seed.REGION)
    recorded = run_against_live(blueprint, snapshot, build_draft(snapshot), TODAY, STACK)
    live_plan = to_export(recorded.registrations, STACK)
    return {
        "entries": json.loads(import_file.read_text())["resources"],
        "summary": json.loads(printed.getvalue()),
        "plan": {r["urn"]: r for r in plan["deployment"]["resources"]},
        "inputs": {r["urn"]: r.get("inputs", {}) for r in live_plan["deployment"]["resources"]},
    }


def test_every_entry_has_its_urn_in_the_plan(adoption):
    urns = file_urns(adoption["entries"], STACK)

    assert len(urns) == len(adoption["entries"])  # names are unique in the file
    missing = sorted(u for u in urns if u not in adoption["plan"])
    assert missing == []
    for urn, entry in urns.items():
        assert adoption["plan"][urn]["custom"] is not entry.get("component", False)


def test_the_file_adopts_the_seeded_objects(adoption, brownfield_org):
    types: dict[str, int] = {}
    for entry in adoption["entries"]:
        if not entry.get("component"):
            types[entry["type"].rsplit(":", 1)[1]] = (
                types.get(entry["type"].rsplit(":", 1)[1], 0) + 1
            )

    group_assignments = sum(len(a) for a in seed.ASSIGNMENTS.values())
    assert types["AccountAssignment"] == group_assignments  # the user's is left out
    assert types["OrganizationalUnit"] == len(seed.TREE)
    assert types["Account"] == len(seed.MEMBERS) - 1  # the one at the root is left out
    assert types["PermissionSet"] == len(seed.PERMISSION_SETS)
    assert types["Organization"] == 1
    assert types["User"] == 1  # break-glass; the extra IAM user is not the program's
    # baseline and region-lock share Workloads: org-iam composes one SCP there instead.
    assert "baseline on ou:Workloads" in adoption["summary"]["pulumi_import"]["not_adopted"]


def _statements(content: str) -> list[str]:
    return sorted(statement_key(s) for s in document_statements(content))


def test_every_imported_object_gets_its_live_values(adoption, brownfield_org):
    out = brownfield_org
    ou_ids = {**out.ou_ids, "": out.root_id}
    placement = {a: p for p, accounts in seed.TREE.items() for a in accounts}
    documents = seed.scp_documents()
    scp_names = {v: k for k, v in out.scp_ids.items()}
    checked: dict[str, int] = {}
    for urn, entry in file_urns(adoption["entries"], STACK).items():
        if entry.get("component"):
            continue
        kind = entry["type"].rsplit(":", 1)[1]
        inputs = adoption["inputs"][urn]
        name = entry.get("logicalName", entry["name"])
        if kind == "OrganizationalUnit":
            parent, _, leaf = name.rpartition("/")
            assert (inputs["name"], inputs["parentId"]) == (leaf, ou_ids[parent])
            assert entry["id"] == out.ou_ids[name]
        elif kind == "Account":
            assert inputs["email"] == f"aws+{name}@{seed.DOMAIN}"
            assert inputs["parentId"] == out.ou_ids[placement[name]]
            assert entry["id"] == out.account_ids[name]
        elif kind == "Organization":
            assert inputs["featureSet"] == "ALL" and entry["id"] == out.organization_id
        elif kind == "Policy":
            live = scp_names[entry["id"]]
            assert inputs["type"] == "SERVICE_CONTROL_POLICY"
            assert _statements(inputs["content"]) == _statements(documents[live][1])
        elif kind == "PolicyAttachment":
            assert entry["id"] == f"{inputs['targetId']}:{inputs['policyId']}"
            target = name.split("@", 1)[1].split(":", 1)[1]
            expected = out.ou_ids.get(target) or out.account_ids[target]
            live = scp_names[inputs["policyId"]]
            assert inputs["targetId"] == expected
            assert any(t.endswith(target) for t in seed.SCP_TARGETS[live])
        elif kind == "PermissionSet":
            session = seed.PERMISSION_SETS[name][0] or "PT1H"
            assert (inputs["name"], inputs["sessionDuration"]) == (name, session)
            assert inputs["instanceArn"] == out.instance_arn
            assert entry["id"] == f"{out.permission_sets[name]},{out.instance_arn}"
        elif kind == "ManagedPolicyAttachment":
            ps, _, policy = name.partition(":")
            assert policy in seed.PERMISSION_SETS[ps][1]
            assert inputs["managedPolicyArn"] == f"arn:aws:iam::aws:policy/{policy}"
            assert inputs["permissionSetArn"] == out.permission_sets[ps]
        elif kind == "CustomerManagedPolicyAttachment":
            ps = name.partition(":")[0]
            reference = inputs["customerManagedPolicyReference"]
            assert reference["name"] in seed.PERMISSION_SETS[ps][2]
            assert inputs["permissionSetArn"] == out.permission_sets[ps]
        elif kind == "PermissionSetInlinePolicy":
            ps = name.partition(":")[0]
            wanted = json.dumps({"Statement": seed.PERMISSION_SETS[ps][3]})
            assert _statements(inputs["inlinePolicy"]) == _statements(wanted)
            assert inputs["permissionSetArn"] == out.permission_sets[ps]
        elif kind == "PermissionsBoundaryAttachment":
            ps = name.partition(":")[0]
            reference = inputs["permissionsBoundary"]["customerManagedPolicyReference"]
            assert (reference["name"], reference["path"]) == seed.BOUNDARIES[ps]
        elif kind == "AccountAssignment":
            pair, _, account = name.partition("@")
            ps, _, group = pair.partition(":")
            account = "management" if account == seed.MANAGEMENT_NAME else account
            assert account in seed.ASSIGNMENTS[(group, ps)]
            fields = [
                inputs["principalId"], inputs["principalType"], inputs["targetId"],
                inputs["targetType"], inputs["permissionSetArn"], inputs["instanceArn"],
            ]  # fmt: skip
            assert fields == [
                out.group_ids[group], "GROUP", out.account_ids[account], "AWS_ACCOUNT",
                out.permission_sets[ps], out.instance_arn,
            ]  # fmt: skip
            assert entry["id"] == ",".join(fields)
        elif kind == "DelegatedAdministrator":
            assert inputs["accountId"] == out.account_ids["security-tooling"]
            assert inputs["servicePrincipal"] in seed.DELEGATED["security-tooling"]
        elif kind == "User":
            assert inputs["name"] == seed.BREAK_GLASS_USER == entry["id"]
        else:
            pytest.fail(f"no check for imported type {entry['type']}")
        checked[kind] = checked.get(kind, 0) + 1

    assert checked["AccountAssignment"] == 37
    assert set(checked) >= {"Policy", "PolicyAttachment", "PermissionsBoundaryAttachment"}
