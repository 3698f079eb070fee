"""The planted organization: three member accounts and the management account, Identity
Center groups with members and a direct assignment, IAM users with old and recent keys and
console passwords with and without MFA, a role trusting a foreign account, break-glass users and
roles. `EXPECTED` lists every flag the review must raise on it, and nothing else may be raised.

Dates are relative to `AS_OF`. The ones IAM's API cannot set (creation and last-use times) are
written into moto's IAM model objects: see conftest.py."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

import boto3

from tests.conftest import TODAY

AS_OF = TODAY
REGION = "us-east-1"
MANAGEMENT_ID = "123456789012"  # moto's default account
ACCESS_ROLE = "OrganizationAccountAccessRole"
FOREIGN_ACCOUNT = "999999999999"
OWNERS = {"prod": "payments-lead", "dev": "platform-lead", "sandbox": None}
MEMBERS = {"AWS-Admins": ["ana"], "AWS-Engineers": ["ben", "cleo"]}
# (group or user, principal type, permission set, account)
ASSIGNMENTS = [
    ("AWS-Admins", "GROUP", "Admin", "prod"),
    ("AWS-Engineers", "GROUP", "ReadOnly", "prod"),
    ("AWS-Engineers", "GROUP", "Developer", "dev"),
    ("dan", "USER", "Developer", "dev"),
]
PERMISSION_SETS = {
    "Admin": ("PT1H", "AdministratorAccess"),
    "ReadOnly": ("PT8H", "ReadOnlyAccess"),
    "Developer": ("PT4H", "PowerUserAccess"),
}
BREAK_GLASS_TESTS = "date,user,ticket\n{}," + "breakglass-1,CHG-100\n"


def days_ago(days: int) -> datetime.datetime:
    return datetime.datetime.combine(AS_OF - datetime.timedelta(days=days), datetime.time(9))


@dataclass(frozen=True)
class IamSeed:
    """One IAM user: its age, its console password and keys, as days before AS_OF."""

    name: str
    created: int
    password_used: int | None = None  # days ago; None: never used
    password: bool = False
    mfa: bool = False
    keys: tuple[tuple[int, int | None], ...] = ()  # (created, last used) days ago
    path: str = "/"


USERS = {
    "prod": [
        IamSeed("ci-old-key", 300, keys=((200, 120),)),
        IamSeed("ci-fresh", 60, keys=((30, 1),)),
        IamSeed("ops-console-nomfa", 40, password=True, password_used=2),
        IamSeed("ops-console-mfa", 40, password=True, password_used=5, mfa=True),
    ],
    "dev": [
        IamSeed("legacy-console", 400, password=True, password_used=150, mfa=True),
        IamSeed("key-never-used-old", 100, keys=((100, None),)),
        IamSeed("key-recent", 10, keys=((10, None),)),
    ],
    "management": [
        IamSeed(
            "breakglass-1", 500, password=True, password_used=30, mfa=True, path="/break-glass/"
        ),
        IamSeed("breakglass-2", 500, password=True, password_used=10, path="/break-glass/"),
    ],
}
# account -> (role name, trusted account or ARN, last used days ago)
ROLES = {
    "dev": [("VendorAudit", FOREIGN_ACCOUNT, None), ("BreakGlassAdmin", MANAGEMENT_ID, 3)],
    "prod": [("InternalTool", MANAGEMENT_ID, None), ("BreakGlassAdmin", MANAGEMENT_ID, 30)],
}
TESTED_DAYS_AGO = 30  # breakglass-1's recorded test

# (flag code, account, principal): every flag the live-only review must raise, and no other.
EXPECTED = {
    ("privileged-group", "prod", "ana"),
    ("inactive-user", "prod", "ci-old-key"),
    ("old-access-key", "prod", "ci-old-key"),
    ("password-sign-in-without-mfa", "prod", "ops-console-nomfa"),
    ("direct-assignment", "dev", "dan"),
    ("inactive-user", "dev", "legacy-console"),
    ("inactive-user", "dev", "key-never-used-old"),
    ("old-access-key", "dev", "key-never-used-old"),
    ("outside-trust", "dev", "VendorAudit"),
    ("break-glass-use", "dev", "BreakGlassAdmin"),
    ("break-glass-mfa", "master", "breakglass-2"),
    ("break-glass-use", "master", "breakglass-2"),
}


@dataclass
class Seeded:
    account_ids: dict[str, str] = field(default_factory=dict)
    instance_arn: str = ""
    store_id: str = ""
    user_ids: dict[str, str] = field(default_factory=dict)
    group_ids: dict[str, str] = field(default_factory=dict)
    permission_sets: dict[str, str] = field(default_factory=dict)
    key_ids: dict[str, list[str]] = field(default_factory=dict)  # user -> key ids


def member_session(account_id: str) -> boto3.Session:
    if account_id == MANAGEMENT_ID:
        return boto3.Session()
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/{ACCESS_ROLE}", RoleSessionName="seed"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def seed() -> Seeded:
    out = Seeded(account_ids={"management": MANAGEMENT_ID})
    orgs = boto3.client("organizations", region_name=REGION)
    orgs.create_organization(FeatureSet="ALL")
    for name, owner in OWNERS.items():
        tags = [{"Key": "owner", "Value": owner}] if owner else []
        created = orgs.create_account(AccountName=name, Email=f"aws-{name}@example.com", Tags=tags)
        out.account_ids[name] = created["CreateAccountStatus"]["AccountId"]
    _identity_center(out)
    for account, users in USERS.items():
        _iam_users(out, out.account_ids[account], users)
    for account, roles in ROLES.items():
        _roles(out.account_ids[account], roles)
    return out


def _identity_center(out: Seeded) -> None:
    sso = boto3.client("sso-admin", region_name=REGION)
    store = boto3.client("identitystore", region_name=REGION)
    (instance,) = sso.list_instances()["Instances"]
    out.instance_arn, out.store_id = instance["InstanceArn"], instance["IdentityStoreId"]
    people = sorted({*(u for us in MEMBERS.values() for u in us), "dan"})
    for name in people:
        out.user_ids[name] = add_person(out, name)
    for group, members in MEMBERS.items():
        out.group_ids[group] = store.create_group(IdentityStoreId=out.store_id, DisplayName=group)[
            "GroupId"
        ]
        for member in members:
            join(out, group, member)
    for name, (session, policy) in PERMISSION_SETS.items():
        arn = sso.create_permission_set(
            InstanceArn=out.instance_arn, Name=name, SessionDuration=session
        )["PermissionSet"]["PermissionSetArn"]
        out.permission_sets[name] = arn
        sso.attach_managed_policy_to_permission_set(
            InstanceArn=out.instance_arn,
            PermissionSetArn=arn,
            ManagedPolicyArn=f"arn:aws:iam::aws:policy/{policy}",
        )
    for principal, kind, permission_set, account in ASSIGNMENTS:
        assign(out, principal, kind, permission_set, account)


def add_person(out: Seeded, name: str) -> str:
    return boto3.client("identitystore", region_name=REGION).create_user(
        IdentityStoreId=out.store_id,
        UserName=name,
        DisplayName=name.title(),
        Name={"GivenName": name.title(), "FamilyName": "Example"},
    )["UserId"]


def join(out: Seeded, group: str, member: str) -> None:
    boto3.client("identitystore", region_name=REGION).create_group_membership(
        IdentityStoreId=out.store_id,
        GroupId=out.group_ids[group],
        MemberId={"UserId": out.user_ids[member]},
    )


def assign(out: Seeded, principal: str, kind: str, permission_set: str, account: str) -> None:
    ids = out.group_ids if kind == "GROUP" else out.user_ids
    boto3.client("sso-admin", region_name=REGION).create_account_assignment(
        InstanceArn=out.instance_arn,
        TargetId=out.account_ids[account],
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=out.permission_sets[permission_set],
        PrincipalType=kind,
        PrincipalId=ids[principal],
    )


def _iam_users(out: Seeded, account_id: str, users: list[IamSeed]) -> None:
    from moto.iam.models import AccessKeyLastUsed, iam_backends

    iam = member_session(account_id).client("iam", region_name=REGION)
    backend = iam_backends[account_id]["aws"]
    for seed_user in users:
        iam.create_user(UserName=seed_user.name, Path=seed_user.path)
        if seed_user.password:
            iam.create_login_profile(UserName=seed_user.name, Password="Seeded-Passw0rd-1234")
        if seed_user.mfa:
            device = iam.create_virtual_mfa_device(VirtualMFADeviceName=seed_user.name)
            iam.enable_mfa_device(
                UserName=seed_user.name,
                SerialNumber=device["VirtualMFADevice"]["SerialNumber"],
                AuthenticationCode1="123456",
                AuthenticationCode2="654321",
            )
        for _ in seed_user.keys:
            key = iam.create_access_key(UserName=seed_user.name)["AccessKey"]["AccessKeyId"]
            out.key_ids.setdefault(seed_user.name, []).append(key)
        # What IAM's API cannot set, written into moto's model (see conftest.py).
        model = backend.users[seed_user.name]
        model.create_date = days_ago(seed_user.created)
        if seed_user.password_used is not None:
            model.password_last_used = days_ago(seed_user.password_used)
        for key_model, (created, used) in zip(model.access_keys, seed_user.keys, strict=True):
            key_model.create_date = days_ago(created)
            if used is not None:
                key_model.last_used = AccessKeyLastUsed(days_ago(used), "s3", REGION)


def _roles(account_id: str, roles) -> None:
    from moto.iam.models import iam_backends

    iam = member_session(account_id).client("iam", region_name=REGION)
    backend = iam_backends[account_id]["aws"]
    for name, trusted, used in roles:
        principal = trusted if trusted.startswith("arn:") else f"arn:aws:iam::{trusted}:root"
        document = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
            ],
        }
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document))
        if used is not None:
            backend.get_role(name).last_used = days_ago(used)


def write_test_record(path) -> str:
    path.write_text(BREAK_GLASS_TESTS.format(AS_OF - datetime.timedelta(days=TESTED_DAYS_AGO)))
    return str(path)


def no_boundaries(session, region):
    """moto has no GetPermissionsBoundaryForPermissionSet: botocore's Stubber answers that one
    call, 'no boundary', for as many permission sets as a test makes."""
    from botocore.stub import Stubber

    api = boto3.client("sso-admin", region_name=region)
    stubber = Stubber(api)
    for _ in range(50):
        stubber.add_client_error(
            "get_permissions_boundary_for_permission_set", "ResourceNotFoundException"
        )
    stubber.activate()
    return api
