"""What the evidence needs, read from a deployment export: OUs, accounts, SCPs and where they
are attached, permission sets, assignments, alarms. Relations follow propertyDependencies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Node:
    urn: str
    kind: str  # "root", "ou" or "account"
    name: str
    parent: str | None
    tags: dict = field(default_factory=dict)
    account_id: str = ""
    scps: list[str] = field(default_factory=list)

    @property
    def pci(self) -> bool:
        return str(self.tags.get("org-iam:pci-scope", "")).lower() == "true"


@dataclass
class Inventory:
    nodes: dict[str, Node]
    scps: dict[str, dict]  # policy name -> {"content", "sids", "size"}
    permission_sets: dict[str, dict]
    assignments: list[tuple[str, str, str]]  # (permission set, group, account)
    alarms: list[dict]
    resource_types: dict[str, int]

    def children(self, urn: str) -> list[Node]:
        return sorted(
            (n for n in self.nodes.values() if n.parent == urn),
            key=lambda n: (n.kind != "ou", n.name),
        )

    @property
    def root(self) -> Node | None:
        return next((n for n in self.nodes.values() if n.kind == "root"), None)

    def account(self, name: str) -> Node | None:
        return next(
            (n for n in self.nodes.values() if n.kind == "account" and n.name == name), None
        )


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def read_inventory(export: dict) -> Inventory:
    resources = [r for r in export["deployment"]["resources"] if r["type"] != "pulumi:pulumi:Stack"]
    nodes: dict[str, Node] = {}
    types: dict[str, int] = {}
    for r in resources:
        types[r["type"]] = types.get(r["type"], 0) + 1
        inputs = r.get("inputs") or {}
        parent = (r.get("propertyDependencies") or {}).get("parentId") or [None]
        if r["type"] == "aws:organizations/organization:Organization":
            nodes[r["urn"]] = Node(r["urn"], "root", "Root", None)
        elif r["type"] == "aws:organizations/organizationalUnit:OrganizationalUnit":
            nodes[r["urn"]] = Node(
                r["urn"],
                "ou",
                inputs.get("name", _name(r["urn"])),
                parent[0],
                inputs.get("tags") or {},
            )
        elif r["type"] == "aws:organizations/account:Account":
            nodes[r["urn"]] = Node(
                r["urn"],
                "account",
                _name(r["urn"]),
                parent[0],
                inputs.get("tags") or {},
                str(r.get("id") or ""),
            )
    scps: dict[str, dict] = {}
    by_urn = {r["urn"]: r for r in resources}
    for r in resources:
        if r["type"] == "aws:organizations/policy:Policy":
            content = (r.get("inputs") or {}).get("content") or ""
            try:
                sids = [s.get("Sid", "") for s in json.loads(content).get("Statement", [])]
            except (ValueError, AttributeError):
                sids = []
            scps[_name(r["urn"])] = {"content": content, "sids": sids, "size": len(content)}
    for r in resources:
        if r["type"] == "aws:organizations/policyAttachment:PolicyAttachment":
            deps = r.get("propertyDependencies") or {}
            for target in deps.get("targetId") or []:
                for policy in deps.get("policyId") or []:
                    if target in nodes and policy in by_urn:
                        nodes[target].scps.append(_name(policy))
    permission_sets = {
        _name(r["urn"]): r.get("inputs") or {}
        for r in resources
        if r["type"] == "aws:ssoadmin/permissionSet:PermissionSet"
    }
    assignments = []
    for r in resources:
        if r["type"] == "aws:ssoadmin/accountAssignment:AccountAssignment":
            name = _name(r["urn"])
            permission_set, _, rest = name.partition(":")
            group, _, account = rest.rpartition("@")
            assignments.append((permission_set, group, account))
    alarms = [
        {"name": (r.get("inputs") or {}).get("name", _name(r["urn"])), **(r.get("inputs") or {})}
        for r in resources
        if r["type"] == "aws:cloudwatch/metricAlarm:MetricAlarm"
    ]
    return Inventory(nodes, scps, permission_sets, sorted(assignments), alarms, types)
