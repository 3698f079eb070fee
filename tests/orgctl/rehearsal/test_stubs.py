"""The emulator's stubs state documented AWS behaviour: a setting enabled is read back as
enabled, per account and Region, and disabling it reads back as unblocked. Run against the
emulator process itself, as Terraform's provider reaches it."""

from __future__ import annotations

import pytest

from orgctl.rehearsal.command import Emulator

SEED = {"management_account": "123456789012", "organization_id": None, "accounts": [], "groups": []}


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    running = Emulator(SEED, tmp_path_factory.mktemp("emulator"))
    yield running
    running.stop()


def _ec2(emulator: Emulator, region: str):
    import boto3

    return boto3.client(
        "ec2",
        region_name=region,
        endpoint_url=emulator.endpoint,
        aws_access_key_id=emulator.credentials["access_key"],
        aws_secret_access_key=emulator.credentials["secret_key"],
    )


def test_snapshot_block_public_access_is_kept_per_region(emulator):
    east, west = _ec2(emulator, "us-east-1"), _ec2(emulator, "eu-west-1")
    assert east.get_snapshot_block_public_access_state()["State"] == "unblocked"

    east.enable_snapshot_block_public_access(State="block-all-sharing")

    assert east.get_snapshot_block_public_access_state()["State"] == "block-all-sharing"
    assert west.get_snapshot_block_public_access_state()["State"] == "unblocked"
    assert east.disable_snapshot_block_public_access()["State"] == "unblocked"
    assert east.get_snapshot_block_public_access_state()["State"] == "unblocked"


def test_image_block_public_access_reads_back_once_enabled(emulator):
    ec2 = _ec2(emulator, "us-east-2")
    assert ec2.get_image_block_public_access_state()["ImageBlockPublicAccessState"] == "unblocked"

    ec2.enable_image_block_public_access(ImageBlockPublicAccessState="block-new-sharing")

    state = ec2.get_image_block_public_access_state()["ImageBlockPublicAccessState"]
    assert state == "block-new-sharing"
    assert ec2.disable_image_block_public_access()["ImageBlockPublicAccessState"] == "unblocked"


ORGANIZATION = {
    "management_account": "123456789012",
    "organization_id": "",
    "accounts": [{"id": "210987654321", "name": "dev", "email": "dev@example.com"}],
    "groups": [],
}
TEMPLATE = '{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}'


@pytest.fixture(scope="module")
def organization(tmp_path_factory):
    running = Emulator(ORGANIZATION, tmp_path_factory.mktemp("organization"))
    yield running
    running.stop()


def _client(emulator: Emulator, service: str):
    import boto3

    return boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=emulator.endpoint,
        aws_access_key_id=emulator.credentials["access_key"],
        aws_secret_access_key=emulator.credentials["secret_key"],
    )


def test_a_service_managed_stack_set_reaches_nested_units_but_never_management(organization):
    orgs = _client(organization, "organizations")
    root = orgs.list_roots()["Roots"][0]["Id"]
    workloads = orgs.create_organizational_unit(ParentId=root, Name="Workloads")
    nested = orgs.create_organizational_unit(
        ParentId=workloads["OrganizationalUnit"]["Id"], Name="CardholderData"
    )["OrganizationalUnit"]["Id"]
    created = orgs.create_account(AccountName="pci", Email="pci@example.com")
    pci = created["CreateAccountStatus"]["AccountId"]
    orgs.move_account(AccountId=pci, SourceParentId=root, DestinationParentId=nested)
    cloudformation = _client(organization, "cloudformation")
    cloudformation.create_stack_set(
        StackSetName="config-recording",
        TemplateBody=TEMPLATE,
        PermissionModel="SERVICE_MANAGED",
        AutoDeployment={"Enabled": True, "RetainStacksOnAccountRemoval": False},
    )

    cloudformation.create_stack_instances(
        StackSetName="config-recording",
        DeploymentTargets={"OrganizationalUnitIds": [root]},
        Regions=["us-east-1"],
    )

    summaries = cloudformation.list_stack_instances(StackSetName="config-recording")["Summaries"]
    assert {s["Account"] for s in summaries} == {"210987654321", pci}
