"""The live reader against moto's server seeded with a brownfield organization: it finds every
part the seed planted, only ever calls Describe/List/Get operations, pages through NextToken,
retries throttling adaptively, and refuses credentials that are not the management account's."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.stub import Stubber

from orgctl.live import reader
from orgctl.live.reader import LiveReadError, read_organization
from orgctl.live.session import client
from tests import brownfield as seed


@pytest.fixture(scope="module")
def snapshot(brownfield_org) -> reader.LiveSnapshot:
    return read_organization(boto3.Session(), seed.REGION)


def test_the_tree_and_accounts_are_read_with_paths_and_tags(brownfield_org, snapshot):
    assert [ou.path for ou in snapshot.ous] == sorted(seed.TREE)
    assert len(snapshot.accounts) == 15
    at_root = [a.name for a in snapshot.accounts if a.parent_id == snapshot.organization.root_id]
    assert sorted(at_root) == sorted([seed.AT_ROOT, seed.MANAGEMENT_NAME])
    prod_data = snapshot.account(brownfield_org.account_ids["prod-data"])
    assert snapshot.parent_path(prod_data.parent_id) == "Workloads/Production"
    assert ("owner", "platform-team") in prod_data.tags
    assert snapshot.organization.policy_types == ("SERVICE_CONTROL_POLICY",)


def test_scps_are_read_with_their_stored_text_and_targets(brownfield_org, snapshot):
    by_name = {s.name: s for s in snapshot.scps}
    assert by_name["retired-services"].content == seed.scp_documents()["retired-services"][1]
    assert by_name["data-no-iam-users"].target_ids == (brownfield_org.account_ids["prod-data"],)
    assert by_name["FullAWSAccess"].aws_managed
    assert [s.name for s in snapshot.scps_on(brownfield_org.ou_ids["Workloads"])] == [
        "baseline",
        "region-lock",
    ]


def test_identity_center_is_read_with_policies_boundary_and_user_assignments(
    brownfield_org, snapshot
):
    sets = {p.name: p for p in snapshot.permission_sets}
    assert sets["PowerUser"].boundary == reader.PolicyReference("EngineerBoundary", "/")
    assert sets["ReadOnly"].boundary is None
    assert sets["DataEngineer"].session_duration is None
    assert sets["SecurityAudit"].customer_managed_policies == (
        reader.PolicyReference("OrgSecurityExtras", "/"),
    )
    assert json.loads(sets["ReadOnly"].inline_policy)["Statement"][0]["Sid"] == "NoSecretValues"
    assert len(snapshot.assignments) == 38
    (direct,) = [a for a in snapshot.assignments if a.principal_type == "USER"]
    assert snapshot.principal_name(direct) == seed.DIRECT_USER
    readonly = brownfield_org.group_ids["AWS-ReadOnly"]
    assert [u.display_name for u in snapshot.members_of(readonly)] == ["Alice Example"]
    assert snapshot.members_of(brownfield_org.group_ids["AWS-Admins"]) == []
    assert [u.name for u in snapshot.management_iam_users] == sorted(
        [seed.BREAK_GLASS_USER, seed.EXTRA_IAM_USER]
    )
    assert {d.service_principal for d in snapshot.delegated_admins} == set(
        seed.DELEGATED["security-tooling"]
    )


def test_the_reader_only_reads(brownfield_org):
    session = boto3.Session()
    operations: list[str] = []
    session.events.register(
        "before-call", lambda model, **_: operations.append(model.name), unique_id="audit"
    )

    read_organization(session, seed.REGION)

    assert operations, "no call was recorded"
    writes = [op for op in operations if not op.startswith(("Describe", "List", "Get"))]
    assert writes == []


def test_clients_retry_throttling_adaptively():
    api = client(boto3.Session(region_name="us-east-1"), "sso-admin")

    assert api.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 11}


def test_every_page_is_read():
    api = boto3.client("organizations", region_name="us-east-1")
    stubber = Stubber(api)
    stubber.add_response("list_roots", {"Roots": [{"Id": "r-1"}], "NextToken": "more"})
    stubber.add_response("list_roots", {"Roots": [{"Id": "r-2"}]}, {"NextToken": "more"})
    with stubber:
        roots = reader._pages(api, "list_roots", "Roots")

    assert [r["Id"] for r in roots] == ["r-1", "r-2"]


def test_credentials_of_a_member_account_are_refused(brownfield_org):
    member = brownfield_org.account_ids["prod-app-1"]
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
        RoleSessionName="member-test",
    )["Credentials"]
    session = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )

    with pytest.raises(LiveReadError, match=f"for account {member}, not the organization's"):
        read_organization(session, seed.REGION)
