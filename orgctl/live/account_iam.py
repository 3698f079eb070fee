"""Read one account's IAM people and roles for the access review: the credential report, each
user's access keys, and every role's trust policy. Read-only apart from asking IAM to generate
the credential report, which changes nothing in the account. Member accounts are reached through
the organization's access role."""

from __future__ import annotations

import datetime
import json
import time
import urllib.parse
from dataclasses import dataclass

import boto3
from botocore.exceptions import ClientError

from orgctl.live.reader import _error_code, _pages
from orgctl.live.session import client

SESSION_NAME = "org-iam-review"
REPORT_WAIT_SECONDS = 60  # IAM builds the report in seconds; a few minutes with many users


@dataclass(frozen=True)
class AccessKey:
    user: str
    id: str
    status: str  # Active or Inactive
    created: datetime.datetime


@dataclass(frozen=True)
class IamRole:
    name: str
    arn: str
    path: str
    trust: dict  # the trust policy document
    last_used: datetime.datetime | None = None  # read only for the roles asked about


@dataclass(frozen=True)
class IamUserEntry:
    name: str
    path: str
    arn: str


@dataclass(frozen=True)
class AccountIam:
    account_id: str
    credential_report: str  # the CSV exactly as IAM returned it
    users: tuple[IamUserEntry, ...]
    access_keys: tuple[AccessKey, ...]
    roles: tuple[IamRole, ...]


class ReportUnavailable(Exception):
    pass


def member_iam(
    management: boto3.Session, sts, account_id: str, management_id: str, role_arn: str, region: str
):
    """An IAM client in the account: the management session's own in the management account,
    else one with the access role's credentials, or the error code of the refused AssumeRole.
    Member clients are made from the management session, so boto3 loads IAM's service model
    once, not once per account (most of a large review's time otherwise)."""
    if account_id == management_id:
        return client(management, "iam", region)
    try:
        credentials = sts.assume_role(
            RoleArn=role_arn, RoleSessionName=SESSION_NAME, DurationSeconds=900
        )["Credentials"]
    except ClientError as error:
        return _error_code(error) or "error"
    return client(
        management,
        "iam",
        region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def read_account_iam(iam, account_id: str, watched_roles: tuple[str, ...] = ()) -> AccountIam:
    """Raises ClientError, BotoCoreError or ReportUnavailable when the account cannot be read."""
    report = _credential_report(iam)
    users = _pages(iam, "list_users", "Users")
    keys = []
    for user in users:
        for key in _pages(iam, "list_access_keys", "AccessKeyMetadata", UserName=user["UserName"]):
            keys.append(
                AccessKey(user["UserName"], key["AccessKeyId"], key["Status"], key["CreateDate"])
            )
    roles = []
    for role in _pages(iam, "list_roles", "Roles"):
        last_used = None
        if role["RoleName"] in watched_roles:  # ListRoles leaves RoleLastUsed out; GetRole has it
            described = iam.get_role(RoleName=role["RoleName"])["Role"]
            last_used = described.get("RoleLastUsed", {}).get("LastUsedDate")
        roles.append(
            IamRole(
                role["RoleName"],
                role["Arn"],
                role.get("Path", "/"),
                _document(role.get("AssumeRolePolicyDocument", {})),
                last_used,
            )
        )
    return AccountIam(
        account_id=account_id,
        credential_report=report,
        users=tuple(
            sorted(
                (IamUserEntry(u["UserName"], u.get("Path", "/"), u["Arn"]) for u in users),
                key=lambda u: u.name,
            )
        ),
        access_keys=tuple(sorted(keys, key=lambda k: (k.user, k.created, k.id))),
        roles=tuple(sorted(roles, key=lambda r: r.name)),
    )


def _document(value) -> dict:
    """Trust policies arrive parsed from boto3, or URL-encoded JSON from some clients."""
    if isinstance(value, dict):
        return value
    return json.loads(urllib.parse.unquote(value))


def _credential_report(iam) -> str:
    deadline = time.monotonic() + REPORT_WAIT_SECONDS
    pauses = iter((0.2, 0.5, 1.0))  # then every 2 s: a small account's report is ready at once
    while True:
        state = iam.generate_credential_report().get("State")
        if state == "COMPLETE":
            break
        if time.monotonic() > deadline:
            raise ReportUnavailable(f"the credential report is still {state or 'not started'}")
        time.sleep(next(pauses, 2.0))
    try:
        content = iam.get_credential_report()["Content"]
    except ClientError as error:
        raise ReportUnavailable(
            f"the credential report cannot be read ({_error_code(error)})"
        ) from None
    return content.decode() if isinstance(content, bytes) else content
