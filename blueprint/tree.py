"""The OU tree resolved once: paths, depth, inherited environment and PCI scope, and recursive
account expansion. Validation and every domain use this one view, so "which accounts are below
Production" has a single answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from blueprint.model import Blueprint, Environment, OrganizationalUnit

OU_PATH_SEPARATOR = "/"


@dataclass(frozen=True)
class OuNode:
    path: str  # 'Production/CardholderData'
    name: str
    parent_path: str | None
    depth: int  # 1 for a child of the root
    environment: Environment | None  # effective, after inheritance
    pci_scope: bool  # effective, after inheritance
    unit: OrganizationalUnit
    yaml_path: tuple[str, ...]  # where the OU stands in the blueprint

    @property
    def is_sandbox(self) -> bool:
        return self.environment == "sandbox"


class OrgTree:
    def __init__(self, blueprint: Blueprint):
        self.blueprint = blueprint
        self.nodes: dict[str, OuNode] = {}
        for name, unit in sorted(blueprint.organizational_units.items()):
            self._add(name, unit, None, 1, None, False, ("organizational_units", name))

    def _add(self, name, unit, parent, depth, environment, pci, yaml_path) -> None:
        path = name if parent is None else f"{parent}{OU_PATH_SEPARATOR}{name}"
        node = OuNode(
            path=path,
            name=name,
            parent_path=parent,
            depth=depth,
            environment=unit.environment or environment,
            pci_scope=bool(unit.pci_scope) or pci,
            unit=unit,
            yaml_path=yaml_path,
        )
        self.nodes[path] = node
        for child_name, child in sorted(unit.children.items()):
            self._add(
                child_name,
                child,
                path,
                depth + 1,
                node.environment,
                node.pci_scope,
                (*yaml_path, "children", child_name),
            )

    def __iter__(self) -> Iterator[OuNode]:
        return iter(self.nodes.values())

    @cached_property
    def paths_by_name(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for node in self:
            index.setdefault(node.name, []).append(node.path)
        return index

    def resolve(self, reference: str) -> list[str]:
        """OU paths a reference may mean: one for a path or a unique name, several if ambiguous."""
        if reference in self.nodes:
            return [reference]
        return self.paths_by_name.get(reference, [])

    @cached_property
    def placements(self) -> dict[str, list[str]]:
        """Account key -> the OU paths that list it (more than one is a blueprint error)."""
        placed: dict[str, list[str]] = {}
        for node in self:
            for account in node.unit.accounts:
                placed.setdefault(account, []).append(node.path)
        return placed

    def ou_of(self, account: str) -> OuNode | None:
        paths = self.placements.get(account)
        return self.nodes[paths[0]] if paths else None

    def descendants(self, path: str) -> list[OuNode]:
        prefix = path + OU_PATH_SEPARATOR
        return [node for node in self if node.path == path or node.path.startswith(prefix)]

    def accounts_below(self, path: str) -> list[str]:
        """Every account in the OU and all OUs below it, sorted."""
        return sorted({a for node in self.descendants(path) for a in node.unit.accounts})

    def ancestors(self, path: str) -> list[OuNode]:
        """The OU itself and its parents, innermost first."""
        chain: list[OuNode] = []
        current: str | None = path
        while current is not None:
            node = self.nodes[current]
            chain.append(node)
            current = node.parent_path
        return chain
