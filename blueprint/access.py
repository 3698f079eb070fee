"""Who gets which permission set where: assignments expanded to (permission set, group,
account) grants. OU targets reach every account below them, recursively; the management account
only when an assignment names it. Sorted and unique, so the program and the reports agree."""

from __future__ import annotations

from dataclasses import dataclass

from blueprint.model import Blueprint
from blueprint.tree import OrgTree


@dataclass(frozen=True, order=True)
class Grant:
    permission_set: str
    group: str
    account: str

    @property
    def slug(self) -> str:
        return f"{self.permission_set}:{self.group}@{self.account}"


def grants(blueprint: Blueprint, tree: OrgTree) -> list[Grant]:
    found: set[Grant] = set()
    for assignment in blueprint.assignments:
        accounts = set(assignment.accounts)
        for reference in assignment.ous:
            (path,) = tree.resolve(reference)  # validation guarantees exactly one
            accounts.update(tree.accounts_below(path))
        found.update(Grant(assignment.permission_set, assignment.group, a) for a in accounts)
    return sorted(found)
