"""Read-only probes of an existing account for `orgctl preflight`: can the access role be
assumed, and does AWS Config already record there under another name? The first `pulumi up`
cannot fix either: the per-account providers need the role, and AWS Config allows one recorder
and one delivery channel per account and Region."""

from __future__ import annotations

from dataclasses import dataclass

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from monitoring.config_template import RECORDER_NAME

SESSION_NAME = "org-iam-preflight"


@dataclass(frozen=True, order=True)
class Problem:
    account: str
    account_id: str
    region: str
    message: str
    fix: str


class ProbeError(Exception):
    """The probe itself could not run (no credentials, wrong account): not a finding."""


def caller_account(session: boto3.Session) -> str:
    try:
        return session.client("sts").get_caller_identity()["Account"]
    except (BotoCoreError, ClientError) as error:
        raise ProbeError(f"cannot call STS with these credentials: {error}") from None


def assume_access_role(
    session: boto3.Session, account_id: str, role_arn: str
) -> boto3.Session | str:
    """A session in the member account, or why the role could not be assumed."""
    try:
        credentials = session.client("sts").assume_role(
            RoleArn=role_arn, RoleSessionName=SESSION_NAME, DurationSeconds=900
        )["Credentials"]
    except ClientError as error:
        return error.response.get("Error", {}).get("Code", "error")
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def foreign_config(session: boto3.Session, region: str) -> list[str]:
    """AWS Config recorders and delivery channels in `region` that are not org-iam's."""
    client = session.client("config", region_name=region)
    recorders = client.describe_configuration_recorders()["ConfigurationRecorders"]
    channels = client.describe_delivery_channels()["DeliveryChannels"]
    return [
        *(f"recorder '{r['name']}'" for r in recorders if r["name"] != RECORDER_NAME),
        *(f"delivery channel '{c['name']}'" for c in channels if c["name"] != RECORDER_NAME),
    ]


def config_problems(
    session: boto3.Session, account: str, account_id: str, regions: list[str]
) -> list[Problem]:
    problems = []
    for region in regions:
        try:
            found = foreign_config(session, region)
        except (BotoCoreError, ClientError) as error:
            problems.append(
                Problem(
                    account,
                    account_id,
                    region,
                    f"cannot read AWS Config: {error}",
                    "check that the Region is enabled for the account",
                )
            )
            continue
        if found:
            problems.append(
                Problem(
                    account,
                    account_id,
                    region,
                    f"AWS Config already has {' and '.join(found)}; org-iam's recorder "
                    "cannot be created beside it",
                    "stop and delete them (their history stays in their bucket) or set "
                    "monitoring.config: false",
                )
            )
    return problems


def foreign_delegations(
    session: boto3.Session, principals: list[str], security_account_id: str | None
) -> list[tuple[str, str]]:
    """(service principal, holder) for every delegated administrator that is not the security
    account (a service allows one, so the program's registration would fail); the holder is
    the error code when the delegations of a service cannot be listed."""
    client = session.client("organizations")
    found = []
    for principal in principals:
        try:
            admins = client.list_delegated_administrators(ServicePrincipal=principal)
        except ClientError as error:
            found.append((principal, error.response.get("Error", {}).get("Code", "error")))
            continue
        found.extend(
            (principal, admin["Id"])
            for admin in admins["DelegatedAdministrators"]
            if admin["Id"] != security_account_id
        )
    return found


def identity_store_id(session: boto3.Session, region: str) -> str | None:
    """The identity store of the organization's Identity Center instance, if there is one."""
    instances = session.client("sso-admin", region_name=region).list_instances()["Instances"]
    return instances[0]["IdentityStoreId"] if instances else None


def missing_groups(
    session: boto3.Session, region: str, store_id: str, display_names: list[str]
) -> list[str]:
    """The display names that no group of the identity store carries (yet: SCIM syncs them)."""
    client = session.client("identitystore", region_name=region)
    missing = []
    for name in display_names:
        try:
            client.get_group_id(
                IdentityStoreId=store_id,
                AlternateIdentifier={
                    "UniqueAttribute": {"AttributePath": "DisplayName", "AttributeValue": name}
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                raise
            missing.append(name)
    return missing


def foreign_scps(session: boto3.Session, target_id: str, own_prefix: str) -> list[str]:
    """Names of the SCPs attached to a target that are neither AWS's FullAWSAccess nor
    org-iam's own: they take slots of the five a target may carry."""
    client = session.client("organizations")
    names = []
    for page in client.get_paginator("list_policies_for_target").paginate(
        TargetId=target_id, Filter="SERVICE_CONTROL_POLICY"
    ):
        names.extend(
            policy["Name"]
            for policy in page["Policies"]
            if policy["Name"] != "FullAWSAccess" and not policy["Name"].startswith(own_prefix)
        )
    return sorted(names)
