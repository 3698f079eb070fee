"""The live organization as one typed, frozen value: what the reader found, nothing derived.

Everything is sorted, so two reads of an unchanged organization compare equal and every report
built on a snapshot is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AWS_DEFAULT_SESSION = "PT1H"  # Identity Center's session length when a set names none


@dataclass(frozen=True)
class LiveOrganization:
    id: str
    arn: str
    feature_set: str
    management_account_id: str
    root_id: str
    policy_types: tuple[str, ...]  # enabled on the root, e.g. SERVICE_CONTROL_POLICY
    service_access_principals: tuple[str, ...]


@dataclass(frozen=True)
class LiveOu:
    id: str
    name: str
    path: str  # 'Workloads/Prod', names joined by '/'
    parent_id: str
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LiveAccount:
    id: str
    name: str
    email: str
    status: str
    parent_id: str  # the root id or an OU id
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LiveScp:
    id: str
    name: str
    description: str
    content: str  # exactly as stored
    aws_managed: bool
    target_ids: tuple[str, ...]  # root, OU and account ids it is attached to


@dataclass(frozen=True)
class DelegatedAdmin:
    account_id: str
    service_principal: str


@dataclass(frozen=True)
class LiveGroup:
    id: str
    display_name: str


@dataclass(frozen=True)
class LiveUser:
    id: str
    user_name: str
    display_name: str = ""


@dataclass(frozen=True, order=True)
class Membership:
    group_id: str
    user_id: str


@dataclass(frozen=True)
class PolicyReference:
    """A customer-managed policy by name and path, as Identity Center refers to them."""

    name: str
    path: str = "/"


@dataclass(frozen=True)
class LivePermissionSet:
    arn: str
    name: str
    description: str
    session_duration: str | None  # None when the set names none (AWS applies one hour)
    managed_policies: tuple[str, ...]  # ARNs
    customer_managed_policies: tuple[PolicyReference, ...]
    inline_policy: str | None
    boundary: PolicyReference | None = None
    boundary_managed_arn: str | None = None  # an AWS managed policy as boundary

    @property
    def effective_session(self) -> str:
        return self.session_duration or AWS_DEFAULT_SESSION


@dataclass(frozen=True, order=True)
class LiveAssignment:
    permission_set_arn: str
    principal_type: str  # GROUP or USER
    principal_id: str
    account_id: str


@dataclass(frozen=True)
class IdentityCenterInstance:
    arn: str
    identity_store_id: str
    region: str


@dataclass(frozen=True)
class IamUser:
    name: str
    path: str
    arn: str


@dataclass(frozen=True)
class LiveSnapshot:
    organization: LiveOrganization
    ous: tuple[LiveOu, ...]
    accounts: tuple[LiveAccount, ...]
    scps: tuple[LiveScp, ...]
    delegated_admins: tuple[DelegatedAdmin, ...]
    identity_center: IdentityCenterInstance | None
    groups: tuple[LiveGroup, ...] = ()
    users: tuple[LiveUser, ...] = ()
    memberships: tuple[Membership, ...] = ()  # who is in which identity-store group
    permission_sets: tuple[LivePermissionSet, ...] = ()
    assignments: tuple[LiveAssignment, ...] = ()
    management_iam_users: tuple[IamUser, ...] = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    # Lookups by id; the snapshot stays frozen, the index is only a cache.
    def ou(self, ou_id: str) -> LiveOu | None:
        return self._lookup("ou", self.ous, lambda o: o.id).get(ou_id)

    def ou_by_path(self, path: str) -> LiveOu | None:
        return self._lookup("ou-path", self.ous, lambda o: o.path).get(path)

    def account(self, account_id: str) -> LiveAccount | None:
        return self._lookup("account", self.accounts, lambda a: a.id).get(account_id)

    def permission_set(self, arn: str) -> LivePermissionSet | None:
        return self._lookup("ps", self.permission_sets, lambda p: p.arn).get(arn)

    def group(self, group_id: str) -> LiveGroup | None:
        return self._lookup("group", self.groups, lambda g: g.id).get(group_id)

    def user(self, user_id: str) -> LiveUser | None:
        return self._lookup("user", self.users, lambda u: u.id).get(user_id)

    def _lookup(self, kind, items, key) -> dict:
        if kind not in self._index:
            self._index[kind] = {key(item): item for item in items}
        return self._index[kind]

    def parent_path(self, parent_id: str) -> str | None:
        """'' for the root, the OU path for an OU, None for an unknown parent."""
        if parent_id == self.organization.root_id:
            return ""
        ou = self.ou(parent_id)
        return ou.path if ou else None

    def scps_on(self, target_id: str) -> list[LiveScp]:
        """Customer SCPs attached to a target (AWS's FullAWSAccess left out), by name."""
        return sorted(
            (s for s in self.scps if target_id in s.target_ids and not s.aws_managed),
            key=lambda s: s.name,
        )

    def members_of(self, group_id: str) -> list[LiveUser]:
        users = (self.user(m.user_id) for m in self.memberships if m.group_id == group_id)
        return sorted((u for u in users if u is not None), key=lambda u: u.user_name)

    def principal_name(self, assignment: LiveAssignment) -> str:
        if assignment.principal_type == "GROUP":
            group = self.group(assignment.principal_id)
            return group.display_name if group else assignment.principal_id
        user = self.user(assignment.principal_id)
        return user.user_name if user else assignment.principal_id
