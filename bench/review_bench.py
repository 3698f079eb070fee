"""Benchmark: `orgctl review` of an organization of 50 accounts and 2,000 identity-store users
in moto's server on 127.0.0.1 (a separate process, as AWS would be). Goal: under 30 s for the
review itself (read, flag, write the pack); seeding the emulator is not timed.

    python -m bench.review_bench
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import time

import boto3

from tests.moto_server import start_moto_server

ACCOUNTS = 50  # the management account and 49 members
USERS = 2000
GROUPS = 40  # 50 members each
PERMISSION_SETS = ("Admin", "Developer", "ReadOnly", "Security", "Data")
GROUPS_PER_ACCOUNT = 4
IAM_USERS_PER_ACCOUNT = 2
GOAL_SECONDS = 30.0
REGION = "us-east-1"


def _seed() -> None:
    orgs = boto3.client("organizations", region_name=REGION)
    orgs.create_organization(FeatureSet="ALL")
    accounts = [boto3.client("sts").get_caller_identity()["Account"]]
    for n in range(ACCOUNTS - 1):
        created = orgs.create_account(
            AccountName=f"account-{n:02d}",
            Email=f"aws-{n:02d}@example.com",
            Tags=[{"Key": "owner", "Value": f"owner-{n % 10}"}],
        )
        accounts.append(created["CreateAccountStatus"]["AccountId"])
    sso = boto3.client("sso-admin", region_name=REGION)
    store = boto3.client("identitystore", region_name=REGION)
    (instance,) = sso.list_instances()["Instances"]
    arn, store_id = instance["InstanceArn"], instance["IdentityStoreId"]
    users = [
        store.create_user(
            IdentityStoreId=store_id,
            UserName=f"user{n:04d}",
            DisplayName=f"User {n}",
            Name={"GivenName": "User", "FamilyName": str(n)},
        )["UserId"]
        for n in range(USERS)
    ]
    groups = [
        store.create_group(IdentityStoreId=store_id, DisplayName=f"group-{n:02d}")["GroupId"]
        for n in range(GROUPS)
    ]
    for n, user in enumerate(users):
        store.create_group_membership(
            IdentityStoreId=store_id, GroupId=groups[n % GROUPS], MemberId={"UserId": user}
        )
    sets = [
        sso.create_permission_set(InstanceArn=arn, Name=name, SessionDuration="PT4H")[
            "PermissionSet"
        ]["PermissionSetArn"]
        for name in PERMISSION_SETS
    ]
    for index, account in enumerate(accounts):
        for slot in range(GROUPS_PER_ACCOUNT):
            sso.create_account_assignment(
                InstanceArn=arn,
                TargetId=account,
                TargetType="AWS_ACCOUNT",
                PermissionSetArn=sets[slot % len(sets)],
                PrincipalType="GROUP",
                PrincipalId=groups[(index + slot * 7) % GROUPS],
            )
        session = _member(account, accounts[0])
        iam = session.client("iam", region_name=REGION)
        for n in range(IAM_USERS_PER_ACCOUNT):
            iam.create_user(UserName=f"service-{n}")
            iam.create_access_key(UserName=f"service-{n}")


def _member(account: str, management: str) -> boto3.Session:
    if account == management:
        return boto3.Session()
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
        RoleSessionName="bench",
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def _no_boundaries(session, region):
    """moto has no GetPermissionsBoundaryForPermissionSet; answer 'none' for every set."""
    from botocore.stub import Stubber

    api = boto3.client("sso-admin", region_name=region)
    stubber = Stubber(api)
    for _ in PERMISSION_SETS:
        stubber.add_client_error(
            "get_permissions_boundary_for_permission_set", "ResourceNotFoundException"
        )
    stubber.activate()
    return api


def main() -> int:
    from orgctl.live import reader
    from orgctl.review import command

    process, url = start_moto_server()
    os.environ.update(
        AWS_ENDPOINT_URL=url,
        AWS_DEFAULT_REGION=REGION,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )
    try:
        started = time.perf_counter()
        _seed()
        print(f"seeded {ACCOUNTS} accounts, {USERS} users in {time.perf_counter() - started:.1f} s")
        reader.boundary_client = _no_boundaries
        with (
            tempfile.TemporaryDirectory() as out,
            contextlib.redirect_stdout(io.StringIO()) as text,
        ):
            started = time.perf_counter()
            code = command.run(out=out, output_format="text")
            elapsed = time.perf_counter() - started
        lines = int(text.getvalue().split(" access line(s)")[0].rsplit("\n", 1)[-1])
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"review: exit {code}, {lines} access lines, {elapsed:.1f} s")
    verdict = "meets" if elapsed < GOAL_SECONDS else "MISSES"
    print(f"{elapsed:.1f} s — {verdict} the {GOAL_SECONDS:.0f} s goal")
    return 0 if verdict == "meets" else 3


if __name__ == "__main__":
    raise SystemExit(main())
