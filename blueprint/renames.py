"""Renamed blueprint keys, and the previous logical names of the resources built from them.

A key names Pulumi resources (an account key names the account, its providers, its roles, its
assignments), and a resource's URN ends in its logical name: renaming the key would make Pulumi
delete the old resources and create new ones, protected accounts included. `renamed_from`
lists a key's former names; this module turns them into each resource's former logical names,
which the program gives Pulumi as aliases, so the URNs recorded in the stack still match.

The shapes below mirror how the domains name resources; the rename tests compare a renamed
plan's aliases with the URNs of the plan before the rename, so a shape that drifts fails them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from blueprint.model import Blueprint
from blueprint.tree import OU_PATH_SEPARATOR

# The kinds of key a logical name can be built from (the named groups of the shapes below).
# `member` is an account key other than the management account's: only members have an
# account resource and providers of their own named by the key.
ACCOUNT, MEMBER, OU, PERMISSION_SET, GROUP = "account", "member", "ou", "set", "group"
REGION = "region"  # not a key: a shape matches only if it is one of the allowed Regions

ACCOUNT_TYPE = "aws:organizations/account:Account"
OU_TYPE = "aws:organizations/organizationalUnit:OrganizationalUnit"
PERMISSION_SET_TYPE = "aws:ssoadmin/permissionSet:PermissionSet"
ASSIGNMENT_TYPE = "aws:ssoadmin/accountAssignment:AccountAssignment"
ACCOUNT_BLOCK_TYPE = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"

_REGION = r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)"
_AT_ACCOUNT = r"[^@]+@(?P<account>[^@]+)"  # '<role or boundary>@<account>'
_SET_PART = r"(?P<set>[^:]+):.+"  # '<permission set>:<policy or 'inline' or 'boundary'>'

# Resource type -> the shapes of its logical names. Account keys contain neither ':' nor '@',
# permission set names no ':', so each split below is unambiguous.
NAME_SHAPES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        ACCOUNT_TYPE: (r"(?P<member>.+)",),
        "pulumi:providers:aws": (r"(?P<member>.+)", rf"(?P<member>.+?)-{_REGION}"),
        ACCOUNT_BLOCK_TYPE: (r"(?P<account>.+)",),
        "aws:ebs/encryptionByDefault:EncryptionByDefault": (rf"(?P<account>[^:]+):{_REGION}",),
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": (
            rf"(?P<account>[^:]+):{_REGION}",
        ),
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": (
            rf"(?P<account>[^:]+):{_REGION}",
        ),
        "aws:iam/policy:Policy": (_AT_ACCOUNT,),
        "aws:iam/role:Role": (_AT_ACCOUNT,),
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (_AT_ACCOUNT,),
        OU_TYPE: (r"(?P<ou>.+)",),
        "aws:organizations/policyAttachment:PolicyAttachment": (
            r"[^@]+@ou:(?P<ou>.+)",
            r"[^@]+@account:(?P<account>.+)",
        ),
        "org-iam:identity:PermissionSet": (r"(?P<set>.+)",),
        PERMISSION_SET_TYPE: (r"(?P<set>.+)",),
        "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": (_SET_PART,),
        "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": (
            _SET_PART,
        ),
        "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": (_SET_PART,),
        "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": (_SET_PART,),
        ASSIGNMENT_TYPE: (r"(?P<set>[^:]+):(?P<group>.+)@(?P<account>[^@]+)",),
    }
)
_COMPILED = {t: tuple(re.compile(s) for s in shapes) for t, shapes in NAME_SHAPES.items()}


def _frozen(mapping: dict[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({k: v for k, v in sorted(mapping.items()) if v})


def _unique(names: Iterable[str], current: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n != current))


def _ou_paths(blueprint: Blueprint) -> dict[str, tuple[str, ...]]:
    """Every OU path -> its former paths: each segment as it is or as one of its former names
    (a parent and a child may have been renamed in different changes)."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(units: Mapping, parents: list[tuple[str, ...]]) -> None:
        for name, unit in sorted(units.items()):
            segments = [*parents, (name, *_unique(unit.renamed_from, name))]
            path = OU_PATH_SEPARATOR.join(s[0] for s in segments)
            found[path] = _unique(
                (OU_PATH_SEPARATOR.join(c) for c in itertools.product(*segments)), path
            )
            walk(unit.children, segments)

    walk(blueprint.organizational_units, [])
    return found


@dataclass(frozen=True)
class Renames:
    """Current key -> its former keys (OUs by path), for the keys that were renamed."""

    accounts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ous: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    permission_sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    management_account: str = ""
    regions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, blueprint: Blueprint) -> Renames:
        return cls(
            accounts=_frozen(
                {k: _unique(a.renamed_from, k) for k, a in blueprint.accounts.items()}
            ),
            ous=_frozen(_ou_paths(blueprint)),
            permission_sets=_frozen(
                {k: _unique(s.renamed_from, k) for k, s in blueprint.permission_sets.items()}
            ),
            groups=_frozen({k: _unique(g.renamed_from, k) for k, g in blueprint.groups.items()}),
            management_account=blueprint.organization.management_account,
            regions=frozenset(blueprint.organization.allowed_regions),
        )

    def __bool__(self) -> bool:
        return bool(self.accounts or self.ous or self.permission_sets or self.groups)

    def _former(self, kind: str, value: str) -> tuple[str, ...]:
        if kind == MEMBER:
            if value == self.management_account:
                return ()
            kind = ACCOUNT
        table = {
            ACCOUNT: self.accounts,
            OU: self.ous,
            PERMISSION_SET: self.permission_sets,
            GROUP: self.groups,
        }[kind]
        return table.get(value, ())

    def previous_names(self, type_: str, name: str) -> tuple[str, ...]:
        """The logical names this resource had before the renames, most recent key first;
        empty when no key it is named after was renamed."""
        found: dict[str, None] = {}
        for shape in _COMPILED.get(type_, ()):
            match = shape.fullmatch(name)
            if match is None:
                continue
            if REGION in match.re.groupindex and match.group(REGION) not in self.regions:
                continue
            groups = [g for g in match.re.groupindex if g != REGION]
            choices = [(match.group(g), *self._former(g, match.group(g))) for g in groups]
            for combination in itertools.product(*choices):
                previous = name
                # Replace right to left, so earlier spans stay where they are.
                for group, text in sorted(
                    zip(groups, combination, strict=True), key=lambda p: -match.start(p[0])
                ):
                    previous = previous[: match.start(group)] + text + previous[match.end(group) :]
                if previous != name:
                    found.setdefault(previous)
        return tuple(found)


@dataclass(frozen=True)
class PreviousKeys:
    """The keys a previous plan (or stack export, or blueprint) built resources from, so that
    validation can tell a rename without `renamed_from` from a deliberate deletion."""

    source: str  # how messages name it: "the previous plan old.json"
    accounts: frozenset[str] = frozenset()
    protected_accounts: frozenset[str] = frozenset()
    ous: frozenset[str] = frozenset()  # paths
    permission_sets: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()

    @classmethod
    def from_export(cls, export: dict, source: str) -> PreviousKeys:
        """From a deployment export (an offline plan or `pulumi stack export`)."""
        names: dict[str, set[str]] = {}
        protected: set[str] = set()
        for resource in (export.get("deployment") or {}).get("resources") or []:
            urn = str(resource.get("urn", ""))
            type_, name = resource.get("type", ""), urn.rsplit("::", 1)[-1]
            names.setdefault(type_, set()).add(name)
            if type_ == ACCOUNT_TYPE and resource.get("protect"):
                protected.add(name)
        assignment = _COMPILED[ASSIGNMENT_TYPE][0]
        groups = {
            match.group(GROUP)
            for name in names.get(ASSIGNMENT_TYPE, ())
            if (match := assignment.fullmatch(name))
        }
        return cls(
            source=source,
            accounts=frozenset(
                names.get(ACCOUNT_TYPE, set()) | names.get(ACCOUNT_BLOCK_TYPE, set())
            ),
            protected_accounts=frozenset(protected),
            ous=frozenset(names.get(OU_TYPE, ())),
            permission_sets=frozenset(names.get(PERMISSION_SET_TYPE, ())),
            groups=frozenset(groups),
        )

    @classmethod
    def from_blueprint(cls, blueprint: Blueprint, source: str) -> PreviousKeys:
        """From the previous version of the blueprint file itself."""
        management = blueprint.organization.management_account
        return cls(
            source=source,
            accounts=frozenset(blueprint.accounts),
            protected_accounts=frozenset(
                k
                for k, a in blueprint.accounts.items()
                if k != management and not a.close_on_deletion
            ),
            ous=frozenset(_ou_paths(blueprint)),
            permission_sets=frozenset(blueprint.permission_sets),
            groups=frozenset(blueprint.groups),
        )
