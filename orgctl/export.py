"""Registrations recorded under mocks -> Pulumi's deployment export shape (what `pulumi stack
export` writes), so offline plans and real stacks are read by the same tools."""

from __future__ import annotations

from typing import Any

# OFFLINE_MAGIC marks an offline plan: nothing in it exists in AWS, and its ids are invented.
from orgctl.evidence.inventory import OFFLINE_MAGIC
from orgctl.mock_runtime import PROJECT, Invocation, Registration


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _qualified_types(registrations: list[Registration]) -> dict[str, str]:
    """Mock URN -> the type chain the engine writes in a URN. The mock monitor qualifies a
    child's type with its immediate parent's only; the engine chains every ancestor's type
    below the stack."""
    by_urn = {r.urn: r for r in registrations}
    qualified: dict[str, str] = {}

    def qualify(record: Registration) -> str:
        if record.urn not in qualified:
            parent = by_urn.get(record.parent)
            prefix = f"{qualify(parent)}$" if parent is not None else ""
            qualified[record.urn] = prefix + record.type
        return qualified[record.urn]

    for record in registrations:
        qualify(record)
    return qualified


def engine_urns(registrations: list[Registration], stack: str) -> dict[str, str]:
    """Mock URN -> the URN the Pulumi engine writes."""
    qualified = _qualified_types(registrations)
    return {
        r.urn: f"urn:pulumi:{stack}::{PROJECT}::{qualified[r.urn]}::{r.name}" for r in registrations
    }


def alias_urns(registrations: list[Registration], stack: str) -> dict[str, list[str]]:
    """Mock URN -> the former URNs of a renamed resource, as the engine resolves its aliases:
    an alias spec's empty fields take the resource's own stack, project, type and parent.

    Only aliases that change the name are written: the provider SDK gives some resources
    type-only aliases of its own (S3's `BucketV2` before it became `Bucket`), the same in
    every plan, which say nothing about this program's renames."""
    qualified = _qualified_types(registrations)
    found: dict[str, list[str]] = {}
    for record in registrations:
        urns = set()
        for alias in record.aliases:
            if alias.urn or not alias.name or alias.name == record.name:
                continue
            type_ = alias.type or record.type
            parent = "" if alias.no_parent else (alias.parent or record.parent)
            chain = f"{qualified[parent]}${type_}" if parent in qualified else type_
            urns.add(
                f"urn:pulumi:{alias.stack or stack}::{alias.project or PROJECT}::{chain}::"
                f"{alias.name or record.name}"
            )
        if urns:
            found[record.urn] = sorted(urns)
    return found


def to_export(
    registrations: list[Registration],
    stack: str,
    stack_outputs: dict[str, Any] | None = None,
    as_of: str | None = None,
    invocations: list[Invocation] = (),
) -> dict:
    """`stack_outputs` become the stack resource's outputs, as in a real export; `as_of` is the
    date the plan was judged against (sandbox expiry); `invocations` are the data-source
    lookups the program made."""
    stack_urn = f"urn:pulumi:{stack}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{stack}"
    urns = engine_urns(registrations, stack)
    aliases = alias_urns(registrations, stack)

    def urn(value: str) -> str:
        return urns.get(value, stack_urn)

    def provider(reference: str) -> str:
        target, _, resource_id = reference.rpartition("::")
        return f"{urn(target)}::{resource_id}"

    resources: list[dict] = [
        {
            "urn": stack_urn,
            "type": "pulumi:pulumi:Stack",
            "custom": False,
            "outputs": _plain(stack_outputs or {}),
        }
    ]
    for record in registrations:
        inputs = _plain(record.inputs)
        resource = {
            "urn": urns[record.urn],
            "type": record.type,
            "custom": record.custom,
            "id": record.id,
            "inputs": inputs,
            "outputs": _plain(record.outputs) if record.outputs else inputs,
            "parent": urn(record.parent),
            "provider": provider(record.provider) if record.provider else "",
            "protect": record.protect,
            "retainOnDelete": record.retain_on_delete,
            "importID": record.import_id,
            "ignoreChanges": sorted(record.ignore_changes),
            "dependencies": sorted({urn(u) for u in record.dependencies}),
            "propertyDependencies": {
                key: sorted({urn(u) for u in values})
                for key, values in sorted(record.property_dependencies.items())
            },
        }
        if record.urn in aliases:  # as in the engine's state: only when there are any
            resource["aliases"] = aliases[record.urn]
        resources.append(resource)
    manifest = {"magic": OFFLINE_MAGIC, "version": "offline (Pulumi mock runtime)"}
    if as_of:
        manifest["as_of"] = as_of
    ordered = _dependency_order(resources)
    deployment = {"manifest": manifest, "resources": ordered}
    if invocations:
        deployment["invokes"] = _invokes(invocations, provider)
    return {"version": 3, "deployment": deployment}


def _invokes(invocations: list[Invocation], provider) -> list[dict]:
    """Data-source lookups with the mocks' answers, once each, in a stable order. Not part of
    Pulumi's export shape (a real stack keeps no record of them): the rehearsal reads them to put
    the real lookup where the plan carries a mocked answer."""
    import json

    unique: dict[str, dict] = {}
    for call in invocations:
        entry = {
            "token": call.token,
            "args": _plain(call.args),
            "result": _plain(call.result),
            "provider": provider(call.provider) if call.provider else "",
        }
        unique.setdefault(json.dumps(entry, sort_keys=True), entry)
    return [unique[key] for key in sorted(unique)]


def _dependency_order(resources: list[dict]) -> list[dict]:
    """Parents, providers and dependencies before dependents (as in a real export), ties broken
    by URN: registration order under the async runtime varies from run to run, this does not."""
    import heapq

    by_urn = {r["urn"]: r for r in resources}

    def needs(resource: dict) -> set[str]:
        wanted = {resource.get("parent", ""), resource.get("provider", "").rpartition("::")[0]}
        wanted.update(resource.get("dependencies", []))
        return {u for u in wanted if u in by_urn and u != resource["urn"]}

    waiting = {urn: needs(r) for urn, r in by_urn.items()}
    dependents: dict[str, list[str]] = {}
    for urn, required in waiting.items():
        for other in required:
            dependents.setdefault(other, []).append(urn)
    ready = [urn for urn, required in waiting.items() if not required]
    heapq.heapify(ready)
    ordered: list[dict] = []
    while ready:
        urn = heapq.heappop(ready)
        ordered.append(by_urn[urn])
        for dependent in dependents.get(urn, []):
            waiting[dependent].discard(urn)
            if not waiting[dependent]:
                heapq.heappush(ready, dependent)
    return ordered
