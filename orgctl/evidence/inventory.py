"""What the evidence needs, read from a deployment export: where it came from, OUs, accounts,
SCPs and where they are attached, permission sets and what they grant, assignments,
break-glass, alarms. Relations follow propertyDependencies, as the engine records them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from program.stack_facts import OUTPUT_NAME

OFFLINE_MAGIC = "org-iam-offline-plan"  # orgctl.export writes it into the manifest
NEW = "(new)"  # shown instead of the invented id of a resource an offline plan would create
STACK = "pulumi:pulumi:Stack"
# Organizations policy types (the `type` input; absent means an SCP) -> the report's label.
POLICY_KINDS = {"SERVICE_CONTROL_POLICY": "SCP", "RESOURCE_CONTROL_POLICY": "RCP"}


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
class PermissionSet:
    name: str
    description: str
    session: str
    admin_like: bool
    managed_policies: list[str] = field(default_factory=list)
    customer_managed_policies: list[str] = field(default_factory=list)
    inline_policy: str = ""
    boundary: str = ""


@dataclass
class Inventory:
    offline: bool
    manifest: dict
    facts: dict  # the stack output `evidence`, empty when the stack has none
    organization_id: str
    nodes: dict[str, Node]
    # Organization policy name -> {"content", "sids", "size", "description", "kind"}; kind is
    # "SCP" or "RCP" (resource control policy), the two that limit what principals can do.
    scps: dict[str, dict]
    permission_sets: dict[str, PermissionSet]
    assignments: list[tuple[str, str, str]]  # (permission set, group, account)
    break_glass_users: list[str]
    break_glass_roles: list[tuple[str, str, int]]  # (role name, account, max session seconds)
    alarms: list[dict]
    resource_types: dict[str, int]

    @property
    def resource_count(self) -> int:
        """Resources, not counting the stack itself: the one number the command and page show."""
        return sum(self.resource_types.values())

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

    def chain(self, node: Node) -> list[Node]:
        """The node and everything above it, root first: the targets whose SCPs apply."""
        path: list[Node] = []
        current: Node | None = node
        while current is not None and current not in path:
            path.append(current)
            current = self.nodes.get(current.parent) if current.parent else None
        return list(reversed(path))


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _id(resource: dict, offline: bool) -> str:
    """The resource's id, or (new) where an offline plan invented it: only imports (adopted
    accounts, the adopted organization) carry a real id in an offline plan."""
    if offline and not resource.get("importID"):
        return NEW
    return str(resource.get("id") or "")


def _sids(document: str) -> list[str]:
    try:
        return [s.get("Sid", "") for s in json.loads(document).get("Statement", [])]
    except (ValueError, AttributeError):
        return []


def _permission_sets(resources: list[dict]) -> dict[str, PermissionSet]:
    sets: dict[str, PermissionSet] = {}
    by_urn: dict[str, PermissionSet] = {}
    for r in resources:
        if r["type"] == "aws:ssoadmin/permissionSet:PermissionSet":
            inputs = r.get("inputs") or {}
            name = inputs.get("name") or _name(r["urn"])
            tags = inputs.get("tags") or {}
            spec = PermissionSet(
                name,
                inputs.get("description", ""),
                inputs.get("sessionDuration", ""),
                str(tags.get("org-iam:admin-like", "")).lower() == "true",
            )
            sets[name] = by_urn[r["urn"]] = spec
    for r in resources:
        inputs = r.get("inputs") or {}
        owners = (r.get("propertyDependencies") or {}).get("permissionSetArn") or []
        spec = next((by_urn[u] for u in owners if u in by_urn), None)
        if spec is None:
            continue
        if r["type"] == "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":
            spec.managed_policies.append(str(inputs.get("managedPolicyArn", "")).rsplit("/", 1)[-1])
        elif (
            r["type"]
            == "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment"
        ):
            reference = inputs.get("customerManagedPolicyReference") or {}
            spec.customer_managed_policies.append(
                f"{reference.get('path', '/')}{reference.get('name', '')}"
            )
        elif r["type"] == "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":
            spec.inline_policy = str(inputs.get("inlinePolicy", ""))
        elif (
            r["type"] == "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
        ):
            boundary = inputs.get("permissionsBoundary") or {}
            reference = boundary.get("customerManagedPolicyReference") or {}
            spec.boundary = reference.get("name") or str(boundary.get("managedPolicyArn", ""))
    for spec in sets.values():
        spec.managed_policies.sort()
        spec.customer_managed_policies.sort()
    return dict(sorted(sets.items()))


def read_inventory(export: dict) -> Inventory:
    deployment = export["deployment"]
    manifest = deployment.get("manifest") or {}
    offline = manifest.get("magic") == OFFLINE_MAGIC
    all_resources = deployment["resources"]
    stack = next((r for r in all_resources if r["type"] == STACK), {})
    facts = (stack.get("outputs") or {}).get(OUTPUT_NAME) or {}
    resources = [r for r in all_resources if r["type"] != STACK]
    nodes: dict[str, Node] = {}
    types: dict[str, int] = {}
    organization_id = ""
    for r in resources:
        types[r["type"]] = types.get(r["type"], 0) + 1
        inputs = r.get("inputs") or {}
        parent = (r.get("propertyDependencies") or {}).get("parentId") or [None]
        if r["type"] == "aws:organizations/organization:Organization":
            organization_id = _id(r, offline)
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
                _id(r, offline),
            )
    scps: dict[str, dict] = {}
    by_urn = {r["urn"]: r for r in resources}
    for r in resources:
        if r["type"] == "aws:organizations/policy:Policy":
            inputs = r.get("inputs") or {}
            content = inputs.get("content") or ""
            scps[_name(r["urn"])] = {
                "content": content,
                "sids": _sids(content),
                "size": len(content),
                "description": inputs.get("description", ""),
                "kind": POLICY_KINDS.get(inputs.get("type") or "SERVICE_CONTROL_POLICY", "other"),
            }
    for r in resources:
        if r["type"] == "aws:organizations/policyAttachment:PolicyAttachment":
            deps = r.get("propertyDependencies") or {}
            for target in deps.get("targetId") or []:
                for policy in deps.get("policyId") or []:
                    if target in nodes and policy in by_urn:
                        nodes[target].scps.append(_name(policy))
    for node in nodes.values():
        node.scps.sort()
    assignments = []
    for r in resources:
        if r["type"] == "aws:ssoadmin/accountAssignment:AccountAssignment":
            name = _name(r["urn"])
            permission_set, _, rest = name.partition(":")
            group, _, account = rest.rpartition("@")
            assignments.append((permission_set, group, account))
    users = sorted(
        (r.get("inputs") or {}).get("name") or _name(r["urn"])
        for r in resources
        if r["type"] == "aws:iam/user:User" and _is_break_glass(r)
    )
    roles = sorted(
        (
            *_name(r["urn"]).partition("@")[::2],
            int((r.get("inputs") or {}).get("maxSessionDuration") or 3600),  # IAM's default
        )
        for r in resources
        if r["type"] == "aws:iam/role:Role" and _is_break_glass(r)
    )
    alarms = [
        {"name": (r.get("inputs") or {}).get("name", _name(r["urn"])), **(r.get("inputs") or {})}
        for r in resources
        if r["type"] == "aws:cloudwatch/metricAlarm:MetricAlarm"
    ]
    return Inventory(
        offline,
        manifest,
        facts,
        organization_id,
        nodes,
        scps,
        _permission_sets(resources),
        sorted(assignments),
        users,
        roles,
        alarms,
        types,
    )


def _is_break_glass(resource: dict) -> bool:
    tags = (resource.get("inputs") or {}).get("tags") or {}
    return str(tags.get("org-iam:break-glass", "")).lower() == "true"
