"""The deployment roles the guardrails exempt exist in every member account, trusting only the
management account's role of the same name, so nobody else can take the name."""

from __future__ import annotations

import json

from iam_evaluator import Request
from iam_evaluator.trust import trust_admits
from identity.deployment_role_documents import deployment_role_trust
from tests.conftest import PROD, TODAY
from tests.independent_validators import moto_validate, parliament_findings

ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"


def _deployer_roles(run):
    return {r.name: r for r in run.by_type(ROLE) if r.name.startswith("org-iam-deployer@")}


def test_every_member_account_has_the_deployer_role(prod_program):
    from blueprint import load_blueprint

    blueprint = load_blueprint(str(PROD), today=TODAY)
    members = sorted(
        k for k in blueprint.accounts if k != blueprint.organization.management_account
    )
    roles = _deployer_roles(prod_program)
    assert sorted(name.split("@", 1)[1] for name in roles) == members
    for key, record in roles.items():
        assert record.inputs["name"] == "org-iam-deployer"
        account = key.split("@", 1)[1]
        provider = prod_program.named("pulumi:providers:aws", account).urn
        assert record.provider.startswith(provider + "::"), key
    attachments = {r.name for r in prod_program.by_type(ATTACHMENT)}
    assert {f"org-iam-deployer@{m}" for m in members} <= attachments


def test_the_trust_admits_only_the_management_accounts_role_of_that_name(prod_program):
    record = _deployer_roles(prod_program)["org-iam-deployer@dev"]
    trust = json.loads(record.inputs["assumeRolePolicy"])
    assert trust == deployment_role_trust("aws", "100000000001", "org-iam-deployer")
    target = "arn:aws:iam::100000000011:role/org-iam-deployer"
    ci = "arn:aws:iam::100000000001:role/org-iam-deployer"
    assert trust_admits(trust, Request(ci, "sts:AssumeRole", target))
    for other in (
        "arn:aws:iam::100000000001:role/SomeAdmin",
        "arn:aws:iam::100000000011:role/delegated/x",
        "arn:aws:iam::999999999999:role/org-iam-deployer",
    ):
        assert not trust_admits(trust, Request(other, "sts:AssumeRole", target)), other


def test_the_trust_passes_the_independent_validators():
    document = json.dumps(deployment_role_trust("aws", "100000000001", "org-iam-deployer"))
    moto_validate(document, trust_policy=True)
    assert parliament_findings(document, trust_policy=True) == []


def test_no_deployment_roles_means_none_created(write_blueprint):
    from tests.program_harness import run

    path = write_blueprint()
    assert not _deployer_roles(run(str(path)))
    named = write_blueprint(
        (
            "  account_email_domain: example.com\n",
            "  account_email_domain: example.com\n  deployment_roles: [pipeline]\n",
        ),
        name="named.yaml",
    )
    assert {r.name for r in run(str(named)).by_type(ROLE) if r.name.startswith("pipeline@")}
