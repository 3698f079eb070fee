"""`orgctl plan --diff OLD.json`: what a blueprint change creates, deletes and changes (old ->
new values; policy documents statement by statement), who gains or loses access, and, in
words, what cannot be undone or would stop `pulumi up` part-way.

Both sides are deployment exports (offline plans or `pulumi stack export`). Input changes are
what the program asks for; whether the provider updates in place or replaces a resource is
decided by `pulumi preview`, so this module never claims a replacement. A resource whose alias
is the URN of an old one was renamed (a blueprint key's `renamed_from`): Pulumi keeps it, so
it is a rename, not a deletion and a creation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from orgctl.diff_warnings import creation_warnings, deletion_warnings
from orgctl.evidence.inventory import OFFLINE_MAGIC
from orgctl.evidence.words import plain_type
from orgctl.property_diff import PropertyChange, property_changes

ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
ROLE = "aws:iam/role:Role"
PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
SKIPPED = ("pulumi:pulumi:Stack",)


@dataclass
class ResourceChange:
    action: str  # "create", "delete", "rename" or "update"
    type: str
    name: str
    urn: str
    properties: list[PropertyChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    previous_urn: str = ""  # a rename's old URN (the alias Pulumi matches)

    @property
    def previous_name(self) -> str:
        return _name(self.previous_urn) if self.previous_urn else ""

    @property
    def kind(self) -> str:
        return plain_type(self.type)


@dataclass(frozen=True, order=True)
class Access:
    permission_set: str  # or the break-glass role name
    who: str  # group, or "break-glass users"
    account: str


@dataclass
class EffectiveAccessChange:
    """Sensitive actions gained and lost per (principal, account, action), directly or through
    escalation, as the access evaluator decides them from each plan's blueprint."""

    gained: list[dict]
    lost: list[dict]
    not_compared: str = ""  # why the two plans' effective access could not be compared

    def as_dict(self) -> dict:
        return {
            "compared": not self.not_compared,
            "not_compared": self.not_compared or None,
            "gained": self.gained,
            "lost": self.lost,
        }


@dataclass
class PlanDiff:
    changes: list[ResourceChange]
    gained: list[Access]
    lost: list[Access]
    effective: EffectiveAccessChange | None = None

    @property
    def warnings(self) -> list[str]:
        return [w for c in self.changes for w in c.warnings]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def as_dict(self) -> dict:
        return {
            "summary": {
                "create": self.count("create"),
                "delete": self.count("delete"),
                "rename": self.count("rename"),
                "update": self.count("update"),
                "access_gained": len(self.gained),
                "access_lost": len(self.lost),
                "warnings": len(self.warnings),
            },
            "warnings": self.warnings,
            "access": {
                "gained": [asdict(a) for a in self.gained],
                "lost": [asdict(a) for a in self.lost],
            },
            "effective_access": self.effective.as_dict() if self.effective else None,
            "changes": [
                {
                    "action": c.action,
                    "name": c.name,
                    "kind": c.kind,
                    "type": c.type,
                    "urn": c.urn,
                    **(
                        {"previous_name": c.previous_name, "previous_urn": c.previous_urn}
                        if c.action == "rename"
                        else {}
                    ),
                    "properties": [asdict(p) for p in c.properties],
                    "warnings": c.warnings,
                }
                for c in self.changes
            ],
        }


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _index(export: dict) -> dict[str, dict]:
    return {r["urn"]: r for r in export["deployment"]["resources"] if r["type"] not in SKIPPED}


def _access(resources: dict[str, dict]) -> set[Access]:
    found = set()
    for urn, r in resources.items():
        name = _name(urn)
        if r["type"] == ASSIGNMENT:
            permission_set, _, rest = name.partition(":")
            group, _, account = rest.rpartition("@")
            found.add(Access(permission_set, group, account))
        elif r["type"] == ROLE and ((r.get("inputs") or {}).get("tags") or {}).get(
            "org-iam:break-glass"
        ):
            role, _, account = name.partition("@")
            found.add(Access(role, "break-glass users", account))
    return found


ORDER = {"delete": 0, "create": 1, "rename": 2, "update": 3}


def _renamed(before: dict[str, dict], after: dict[str, dict]) -> dict[str, str]:
    """New URN -> old URN, for new resources whose alias names an old one that no resource
    still has: the engine uses an alias only when the URN itself is not in the stack."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for urn in sorted(after.keys() - before.keys()):
        for alias in after[urn].get("aliases") or ():
            if alias in before and alias not in after and alias not in taken:
                pairs[urn] = alias
                taken.add(alias)
                break
    return pairs


def rename_warnings(old: dict, new: dict) -> list[str]:
    if new["type"] == PERMISSION_SET and (old.get("inputs") or {}).get("name") != (
        new.get("inputs") or {}
    ).get("name"):
        was, now = (old.get("inputs") or {}).get("name"), (new.get("inputs") or {}).get("name")
        return [
            f"Identity Center cannot rename permission set `{was}`: `pulumi up` creates "
            f"`{now}`, replaces its assignments and deletes `{was}`; each account's role "
            f"becomes AWSReservedSSO_{now}_..., so policies naming the old role no longer match."
        ]
    return []


def compare(old: dict, new: dict) -> PlanDiff:
    before, after = _index(old), _index(new)
    renamed = _renamed(before, after)
    gone = before.keys() - after.keys() - set(renamed.values())
    added = after.keys() - before.keys() - renamed.keys()
    # Ids in an offline plan are invented for what it creates; a real export's are real.
    offline = (old["deployment"].get("manifest") or {}).get("magic") == OFFLINE_MAGIC
    changes = [
        ResourceChange(
            "delete",
            before[u]["type"],
            _name(u),
            u,
            warnings=deletion_warnings(before[u], offline),
        )
        for u in gone
    ]
    changes += [
        ResourceChange(
            "create", after[u]["type"], _name(u), u, warnings=creation_warnings(after[u])
        )
        for u in added
    ]
    changes += [
        ResourceChange(
            "rename",
            after[u]["type"],
            _name(u),
            u,
            property_changes(before[was].get("inputs") or {}, after[u].get("inputs") or {}),
            warnings=rename_warnings(before[was], after[u]),
            previous_urn=was,
        )
        for u, was in renamed.items()
    ]
    for urn in before.keys() & after.keys():
        properties = property_changes(
            before[urn].get("inputs") or {}, after[urn].get("inputs") or {}
        )
        if properties:
            changes.append(
                ResourceChange("update", after[urn]["type"], _name(urn), urn, properties)
            )
    changes.sort(key=lambda c: (ORDER[c.action], not c.warnings, c.kind, c.name))
    # A renamed grant is the same grant: compare access as if the old names were the new.
    kept = {u: r for u, r in before.items() if u not in set(renamed.values())}
    was = _access({**kept, **{u: before[old_urn] for u, old_urn in renamed.items()}})
    now = _access(after)
    return PlanDiff(changes, sorted(now - was), sorted(was - now))
