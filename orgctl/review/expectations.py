"""What the review expects of the organization: from the blueprint with `--stack` (owners,
environments, the group grants it deploys, break-glass names), or from the live organization
alone (the accounts' `owner` tags, org-iam's default break-glass names, nothing expected)."""

from __future__ import annotations

from dataclasses import dataclass

from blueprint import Blueprint, OrgTree
from blueprint.access import grants
from blueprint.privilege import is_admin_like
from orgctl.live.snapshot import LiveSnapshot

DEFAULT_ACCESS_ROLE = "OrganizationAccountAccessRole"
DEFAULT_BREAK_GLASS_ROLE = "BreakGlassAdmin"
BREAK_GLASS_PATH = "/break-glass/"  # where org-iam creates break-glass users
OWNER_TAG = "owner"


@dataclass(frozen=True)
class Expectations:
    owners: dict[str, str]  # account id -> owner
    environments: dict[str, str]  # account id -> environment
    # (permission set, group display name, account id) the blueprint grants; None without one
    granted: frozenset[tuple[str, str, str]] | None
    break_glass_users: frozenset[str] | None  # None: users under BREAK_GLASS_PATH
    break_glass_role: str
    access_role: str
    admin_sets: dict[str, bool]  # permission set name -> administrator-level, per the blueprint

    def is_break_glass_user(self, name: str, path: str) -> bool:
        if self.break_glass_users is None:
            return path == BREAK_GLASS_PATH
        return name in self.break_glass_users


def from_live(live: LiveSnapshot, access_role: str | None) -> Expectations:
    return Expectations(
        owners={a.id: dict(a.tags).get(OWNER_TAG, "") for a in live.accounts},
        environments={},
        granted=None,
        break_glass_users=None,
        break_glass_role=DEFAULT_BREAK_GLASS_ROLE,
        access_role=access_role or DEFAULT_ACCESS_ROLE,
        admin_sets={},
    )


def from_blueprint(model: Blueprint, tree: OrgTree, live: LiveSnapshot) -> Expectations:
    ids = {key: account.id for key, account in model.accounts.items() if account.id}
    ids[model.organization.management_account] = model.management_account_id
    names = {key: group.display_name or key for key, group in model.groups.items()}
    environments = {}
    for key, account_id in ids.items():
        node = tree.ou_of(key)
        if node is not None and node.environment:
            environments[account_id] = node.environment
    live_owners = from_live(live, None).owners
    owners = {
        account_id: model.accounts[key].owner or live_owners.get(account_id, "")
        for key, account_id in ids.items()
        if key in model.accounts
    }
    return Expectations(
        owners={**live_owners, **owners},
        environments=environments,
        granted=frozenset(
            (g.permission_set, names[g.group], ids[g.account])
            for g in grants(model, tree)
            if g.account in ids
        ),
        break_glass_users=frozenset(model.break_glass.users),
        break_glass_role=model.break_glass.role_name,
        access_role=model.organization.access_role,
        admin_sets={name: is_admin_like(ps) for name, ps in model.permission_sets.items()},
    )
