"""Read the whole organization into a `LiveSnapshot` with the management account's credentials.

Read-only by construction: only Describe/List/Get calls. Every list is paginated, every client
retries throttling with backoff. The one call boto3 may not reach in every emulator, the
permission set's boundary, goes through its own client (`boundary_client`) so tests can stub it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from orgctl.account_probe import ProbeError, caller_account
from orgctl.live.session import client
from orgctl.live.snapshot import (
    DelegatedAdmin,
    IamUser,
    IdentityCenterInstance,
    LiveAccount,
    LiveAssignment,
    LiveGroup,
    LiveOrganization,
    LiveOu,
    LivePermissionSet,
    LiveScp,
    LiveSnapshot,
    LiveUser,
    Membership,
    PolicyReference,
)

WORKERS = 4  # requests in flight; Identity Center allows about 20 a second


class LiveReadError(Exception):
    """The organization could not be read (credentials, permissions, not an organization)."""


def boundary_client(session: boto3.Session, region: str):
    return client(session, "sso-admin", region)


def _parallel(function, items) -> list:
    """`function` over `items` on a few threads, results in the order of `items`. boto3 clients
    are thread-safe; a few requests in flight hide latency, and adaptive retries slow the
    client down when the service throttles."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(function, items))


def _pages(api, operation: str, key: str, **params) -> list:
    items: list = []
    for page in api.get_paginator(operation).paginate(**params):
        items.extend(page[key])
    return items


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def read_organization(session: boto3.Session, region: str) -> LiveSnapshot:
    """Everything org-iam manages, as it is now. Raises LiveReadError when it cannot read."""
    try:
        caller = caller_account(session)
    except ProbeError as error:
        raise LiveReadError(str(error)) from None
    step = "the organization"
    try:
        reader = _Reader(session, region)
        organization = reader.organization()
        if caller != organization.management_account_id:
            raise LiveReadError(
                f"these credentials are for account {caller}, not the organization's management "
                f"account {organization.management_account_id}; use the management account's"
            )
        step = "the OUs and accounts"
        ous, accounts = reader.tree(organization.root_id)
        step = "the service control policies"
        scps = reader.scps()
        step = "the delegated administrators"
        delegated = reader.delegated_admins()
        step = "IAM Identity Center"
        center = reader.identity_center()
        groups = users = memberships = permission_sets = assignments = ()
        if center is not None:
            groups, users, memberships = reader.identity_store(center.identity_store_id)
            permission_sets = reader.permission_sets(center.arn)
            assignments = reader.assignments(center.arn, permission_sets, accounts)
        step = "the management account's IAM users"
        iam_users = reader.iam_users()
    except ClientError as error:
        if _error_code(error) == "AWSOrganizationsNotInUseException":
            raise LiveReadError(f"account {caller} is not in an organization") from None
        raise LiveReadError(f"cannot read {step}: {error}") from None
    except BotoCoreError as error:
        raise LiveReadError(f"cannot read {step}: {error}") from None
    return LiveSnapshot(
        organization=organization,
        ous=ous,
        accounts=accounts,
        scps=scps,
        delegated_admins=delegated,
        identity_center=center,
        groups=groups,
        users=users,
        memberships=memberships,
        permission_sets=permission_sets,
        assignments=assignments,
        management_iam_users=iam_users,
    )


class _Reader:
    def __init__(self, session: boto3.Session, region: str):
        self.session = session
        self.region = region
        self.orgs = client(session, "organizations", region)
        self.sso = client(session, "sso-admin", region)

    def organization(self) -> LiveOrganization:
        described = self.orgs.describe_organization()["Organization"]
        (root,) = _pages(self.orgs, "list_roots", "Roots")
        enabled = sorted(
            t["Type"] for t in root.get("PolicyTypes", []) if t.get("Status") == "ENABLED"
        )
        principals = sorted(
            s["ServicePrincipal"]
            for s in _pages(
                self.orgs, "list_aws_service_access_for_organization", "EnabledServicePrincipals"
            )
        )
        return LiveOrganization(
            id=described["Id"],
            arn=described["Arn"],
            feature_set=described.get("FeatureSet", ""),
            management_account_id=described["MasterAccountId"],
            root_id=root["Id"],
            policy_types=tuple(enabled),
            service_access_principals=tuple(principals),
        )

    def _tags(self, resource_id: str) -> tuple[tuple[str, str], ...]:
        tags = _pages(self.orgs, "list_tags_for_resource", "Tags", ResourceId=resource_id)
        return tuple(sorted((t["Key"], t["Value"]) for t in tags))

    def tree(self, root_id: str) -> tuple[tuple[LiveOu, ...], tuple[LiveAccount, ...]]:
        ous: list[LiveOu] = []
        accounts: list[LiveAccount] = []
        pending = [(root_id, "")]
        while pending:
            parent_id, parent_path = pending.pop()
            for account in _pages(
                self.orgs, "list_accounts_for_parent", "Accounts", ParentId=parent_id
            ):
                accounts.append(
                    LiveAccount(
                        id=account["Id"],
                        name=account["Name"],
                        email=account["Email"],
                        status=account.get("Status", "ACTIVE"),
                        parent_id=parent_id,
                    )
                )
            for unit in _pages(
                self.orgs,
                "list_organizational_units_for_parent",
                "OrganizationalUnits",
                ParentId=parent_id,
            ):
                path = f"{parent_path}/{unit['Name']}" if parent_path else unit["Name"]
                ous.append(LiveOu(unit["Id"], unit["Name"], path, parent_id))
                pending.append((unit["Id"], path))
        ou_tags = _parallel(self._tags, [ou.id for ou in ous])
        account_tags = _parallel(self._tags, [account.id for account in accounts])
        ous = [replace(ou, tags=tags) for ou, tags in zip(ous, ou_tags, strict=True)]
        accounts = [replace(a, tags=tags) for a, tags in zip(accounts, account_tags, strict=True)]
        return (
            tuple(sorted(ous, key=lambda o: o.path)),
            tuple(sorted(accounts, key=lambda a: a.id)),
        )

    def scps(self) -> tuple[LiveScp, ...]:
        found = []
        for summary in _pages(
            self.orgs, "list_policies", "Policies", Filter="SERVICE_CONTROL_POLICY"
        ):
            policy = self.orgs.describe_policy(PolicyId=summary["Id"])["Policy"]
            targets = _pages(
                self.orgs, "list_targets_for_policy", "Targets", PolicyId=summary["Id"]
            )
            found.append(
                LiveScp(
                    id=summary["Id"],
                    name=summary["Name"],
                    description=summary.get("Description", ""),
                    content=policy["Content"],
                    aws_managed=bool(summary.get("AwsManaged")),
                    target_ids=tuple(sorted(t["TargetId"] for t in targets)),
                )
            )
        return tuple(sorted(found, key=lambda s: (s.name, s.id)))

    def delegated_admins(self) -> tuple[DelegatedAdmin, ...]:
        found = []
        for admin in _pages(self.orgs, "list_delegated_administrators", "DelegatedAdministrators"):
            for service in _pages(
                self.orgs,
                "list_delegated_services_for_account",
                "DelegatedServices",
                AccountId=admin["Id"],
            ):
                found.append(DelegatedAdmin(admin["Id"], service["ServicePrincipal"]))
        return tuple(sorted(found, key=lambda d: (d.service_principal, d.account_id)))

    def identity_center(self) -> IdentityCenterInstance | None:
        instances = _pages(self.sso, "list_instances", "Instances")
        if not instances:
            return None
        first = sorted(instances, key=lambda i: i["InstanceArn"])[0]
        return IdentityCenterInstance(first["InstanceArn"], first["IdentityStoreId"], self.region)

    def identity_store(self, store_id: str) -> tuple[tuple, tuple, tuple]:
        store = client(self.session, "identitystore", self.region)
        groups = _pages(store, "list_groups", "Groups", IdentityStoreId=store_id)
        users = _pages(store, "list_users", "Users", IdentityStoreId=store_id)

        def members(group: dict) -> list[Membership]:
            found = _pages(
                store,
                "list_group_memberships",
                "GroupMemberships",
                IdentityStoreId=store_id,
                GroupId=group["GroupId"],
            )
            return [
                Membership(group["GroupId"], m["MemberId"]["UserId"])
                for m in found
                if "UserId" in m.get("MemberId", {})
            ]

        memberships = sorted({m for batch in _parallel(members, groups) for m in batch})
        live_groups = (LiveGroup(g["GroupId"], g.get("DisplayName", "")) for g in groups)
        live_users = (
            LiveUser(u["UserId"], u.get("UserName", ""), u.get("DisplayName", "")) for u in users
        )
        return (
            tuple(sorted(live_groups, key=lambda g: (g.display_name, g.id))),
            tuple(sorted(live_users, key=lambda u: (u.user_name, u.id))),
            tuple(memberships),
        )

    def permission_sets(self, instance_arn: str) -> tuple[LivePermissionSet, ...]:
        described = []
        for arn in _pages(
            self.sso, "list_permission_sets", "PermissionSets", InstanceArn=instance_arn
        ):
            ps = self.sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)[
                "PermissionSet"
            ]
            described.append(ps)
        described.sort(key=lambda ps: ps["Name"])
        boundaries = boundary_client(self.session, self.region)
        found = []
        for ps in described:
            arn = ps["PermissionSetArn"]
            scope = {"InstanceArn": instance_arn, "PermissionSetArn": arn}
            managed = _pages(
                self.sso,
                "list_managed_policies_in_permission_set",
                "AttachedManagedPolicies",
                **scope,
            )
            customer = _pages(
                self.sso,
                "list_customer_managed_policy_references_in_permission_set",
                "CustomerManagedPolicyReferences",
                **scope,
            )
            inline = self.sso.get_inline_policy_for_permission_set(**scope).get("InlinePolicy")
            boundary, boundary_arn = _boundary(boundaries, scope)
            found.append(
                LivePermissionSet(
                    arn=arn,
                    name=ps["Name"],
                    description=ps.get("Description", ""),
                    session_duration=_iso_duration(ps.get("SessionDuration")),
                    managed_policies=tuple(sorted(m["Arn"] for m in managed)),
                    customer_managed_policies=tuple(
                        sorted(PolicyReference(c["Name"], c.get("Path", "/")) for c in customer)
                    ),
                    inline_policy=inline or None,
                    boundary=boundary,
                    boundary_managed_arn=boundary_arn,
                )
            )
        return tuple(found)

    def assignments(
        self, instance_arn: str, permission_sets, accounts
    ) -> tuple[LiveAssignment, ...]:
        def on(pair) -> list[LiveAssignment]:
            ps, account = pair
            items = _pages(
                self.sso,
                "list_account_assignments",
                "AccountAssignments",
                InstanceArn=instance_arn,
                AccountId=account.id,
                PermissionSetArn=ps.arn,
            )
            return [
                LiveAssignment(ps.arn, item["PrincipalType"], item["PrincipalId"], account.id)
                for item in items
            ]

        pairs = [(ps, account) for ps in permission_sets for account in accounts]
        found = {assignment for batch in _parallel(on, pairs) for assignment in batch}
        return tuple(sorted(found))

    def iam_users(self) -> tuple[IamUser, ...]:
        iam = client(self.session, "iam", self.region)
        users = _pages(iam, "list_users", "Users")
        found = (IamUser(u["UserName"], u["Path"], u["Arn"]) for u in users)
        return tuple(sorted(found, key=lambda u: u.name))


def _iso_duration(value) -> str | None:
    """The set's session length as AWS states it (ISO 8601), or None where it names none (an
    emulator may answer a bare number of seconds there; that is not the API's shape)."""
    return value if isinstance(value, str) and value else None


def _boundary(api, scope: dict) -> tuple[PolicyReference | None, str | None]:
    try:
        found = api.get_permissions_boundary_for_permission_set(**scope)["PermissionsBoundary"]
    except ClientError as error:
        if _error_code(error) == "ResourceNotFoundException":
            return None, None
        raise
    reference = found.get("CustomerManagedPolicyReference")
    if reference:
        return PolicyReference(reference["Name"], reference.get("Path", "/")), None
    return None, found.get("ManagedPolicyArn")
