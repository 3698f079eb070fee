"""The identity perimeter RCP: created from the blueprint, attached to the root, valid for the
independent validators and AWS Organizations' emulator, and as tight as the exceptions named."""

from __future__ import annotations

import contextlib
import json

import boto3

from guardrails.perimeter_documents import PERIMETER_SID, identity_perimeter_document
from iam_evaluator import PolicySet, Request, evaluate
from tests.independent_validators import moto_validate, parliament_findings
from tests.program_harness import ATTACHMENT, POLICY, run

VENDOR = "123456789012"


def _rcp(program):
    (policy,) = [
        p for p in program.by_type(POLICY) if p.inputs["type"] == "RESOURCE_CONTROL_POLICY"
    ]
    return policy


def test_the_perimeter_is_an_rcp_on_the_root_for_the_adopted_organization(prod_program):
    policy = _rcp(prod_program)
    assert policy.inputs["name"] == "org-iam-identity-perimeter"
    assert json.loads(policy.inputs["content"]) == identity_perimeter_document("o-exampleorg01", [])
    (attachment,) = [
        a for a in prod_program.by_type(ATTACHMENT) if a.inputs["policyId"] == policy.id
    ]
    assert attachment.inputs["targetId"].startswith("r-")


def test_a_new_organization_gets_its_id_once_it_exists(write_blueprint):
    program = run(str(write_blueprint()))
    document = json.loads(_rcp(program).inputs["content"])
    org_id = document["Statement"][0]["Condition"]["StringNotEqualsIfExists"]["aws:PrincipalOrgID"]
    (organization,) = program.by_type("aws:organizations/organization:Organization")
    assert org_id == organization.id


def _assume(principal: str, org_id: str | None, document: dict) -> bool:
    context = {"aws:PrincipalIsAWSService": "false"}
    if org_id:
        context["aws:PrincipalOrgID"] = org_id
    request = Request(principal, "sts:AssumeRole", "arn:aws:iam::100000000011:role/x", context)
    return evaluate(request, PolicySet(resource_policy=("rcp", document))).denied_by is None


def test_named_external_accounts_pass_and_other_foreign_accounts_do_not():
    document = identity_perimeter_document("o-exampleorg01", [VENDOR])
    assert _assume(f"arn:aws:iam::{VENDOR}:role/monitoring", "o-vendororg001", document)
    assert not _assume("arn:aws:iam::999999999999:role/x", "o-vendororg001", document)
    assert not _assume("arn:aws:iam::999999999999:role/x", None, document)
    assert _assume("arn:aws:iam::100000000001:role/org-iam-deployer", "o-exampleorg01", document)
    tight = identity_perimeter_document("o-exampleorg01", [])
    assert not _assume(f"arn:aws:iam::{VENDOR}:role/monitoring", "o-vendororg001", tight)
    assert tight["Statement"][0]["Sid"] == PERIMETER_SID


def test_the_rcp_passes_the_validators_and_organizations_accepts_it(moto_endpoint):
    content = json.dumps(identity_perimeter_document("o-exampleorg01", [VENDOR]))
    moto_validate(content)
    assert parliament_findings(content) == []
    organizations = boto3.client(
        "organizations", endpoint_url=moto_endpoint, region_name="us-east-1"
    )
    with contextlib.suppress(organizations.exceptions.AlreadyInOrganizationException):
        organizations.create_organization(FeatureSet="ALL")
    created = organizations.create_policy(
        Content=content,
        Description="perimeter",
        Name="org-iam-identity-perimeter-test",
        Type="RESOURCE_CONTROL_POLICY",
    )["Policy"]
    assert created["PolicySummary"]["Type"] == "RESOURCE_CONTROL_POLICY"
