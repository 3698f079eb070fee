"""A deployment export as the Pulumi engine sees it on a first `pulumi preview`: every value
built from an output of a resource not yet created is unknown.

The engine knows an input at preview only if nothing it was built from is still to be created.
A resource the program adopts (an import) is read during the preview, so its outputs are known;
a new resource's id, ARN and other provider-computed outputs are not, and neither is anything
built from them: a string formatted around an id, a policy document serialised with one inside
(wholly unknown), one element of a list or map that holds one. Which input was built from
which resource is the export's `propertyDependencies`; a value counts as built from an unknown
output if it contains one of that resource's unknown values (its id, which every ARN of it
embeds, or an input of its own that is unknown in turn).
"""

from __future__ import annotations

import copy
from typing import Any

# pulumi's sentinel for an unknown value in a gRPC Struct (any type: the Go engine sends this
# string for unknown strings, numbers, lists and maps alike).
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

# Shorter values are too likely to occur by chance inside an unrelated string.
_MIN_TOKEN_LENGTH = 6


def is_adopted(resource: dict) -> bool:
    """Imported resources already exist: the preview reads them, their outputs are known."""
    return bool(resource.get("importID"))


def first_preview(export: dict) -> dict:
    """A copy of `export` whose inputs and outputs hold UNKNOWN where a first preview would."""
    preview = copy.deepcopy(export)
    resources = preview["deployment"]["resources"]
    by_urn = {r["urn"]: r for r in resources}
    unknown_values: dict[str, set[str]] = {}
    for resource in _dependencies_first(resources):
        before = copy.deepcopy(resource.get("inputs") or {})
        inputs = resource.get("inputs") or {}
        for prop, urns in (resource.get("propertyDependencies") or {}).items():
            tokens = set().union(*(unknown_values.get(u, set()) for u in urns if u in by_urn))
            if prop in inputs and tokens:
                inputs[prop] = _blank(inputs[prop], tokens)
        unknown_values[resource["urn"]] = _unknown_values_of(resource, before)
        resource["outputs"] = _preview_outputs(resource)
    return preview


def _unknown_values_of(resource: dict, known_inputs: dict) -> set[str]:
    """The values of `resource` that dependents cannot know yet, as the strings they appear as."""
    found: set[str] = set()
    _collect_replaced(known_inputs, resource.get("inputs") or {}, found)
    if resource.get("custom") and not is_adopted(resource):
        found.add(str(resource.get("id") or ""))
        for key, value in (resource.get("outputs") or {}).items():
            if key not in known_inputs and _is_identifier(key):  # assigned at creation
                _collect_strings(value, found)
    return {token for token in found if len(token) >= _MIN_TOKEN_LENGTH}


def _is_identifier(key: str) -> bool:
    """Outputs dependents build on (ids and ARNs); other computed outputs such as a Region
    are too generic to trace by value."""
    return key in ("id", "arn") or key.endswith(("Arn", "Id"))


def _preview_outputs(resource: dict) -> dict:
    """Outputs as a preview shows them: the (partly unknown) inputs, and for a resource still
    to be created every provider-computed output unknown."""
    inputs = resource.get("inputs") or {}
    outputs = dict(resource.get("outputs") or {})
    creating = resource.get("custom") and not is_adopted(resource)
    for key in outputs:
        if key in inputs:
            outputs[key] = inputs[key]
        elif creating:
            outputs[key] = UNKNOWN
    return outputs


def _blank(value: Any, tokens: set[str]) -> Any:
    if isinstance(value, str):
        return UNKNOWN if any(token in value for token in tokens) else value
    if isinstance(value, list):
        return [_blank(item, tokens) for item in value]
    if isinstance(value, dict):
        return {key: _blank(item, tokens) for key, item in value.items()}
    return value


def _collect_replaced(before: Any, after: Any, found: set[str]) -> None:
    if after == UNKNOWN and before != UNKNOWN:
        _collect_strings(before, found)
    elif isinstance(before, list) and isinstance(after, list):
        for old, new in zip(before, after, strict=False):
            _collect_replaced(old, new, found)
    elif isinstance(before, dict) and isinstance(after, dict):
        for key in before.keys() & after.keys():
            _collect_replaced(before[key], after[key], found)


def _collect_strings(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, list):
        for item in value:
            _collect_strings(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_strings(item, found)


def _dependencies_first(resources: list[dict]) -> list[dict]:
    """Resources ordered so that every property dependency comes first (an export is already in
    that order; this does not rely on it)."""
    by_urn = {r["urn"]: r for r in resources}
    ordered: list[dict] = []
    state: dict[str, str] = {}

    def visit(urn: str) -> None:
        if state.get(urn) is not None:
            return  # done, or a cycle an export cannot hold
        state[urn] = "visiting"
        resource = by_urn[urn]
        for urns in (resource.get("propertyDependencies") or {}).values():
            for dependency in urns:
                if dependency in by_urn:
                    visit(dependency)
        state[urn] = "done"
        ordered.append(resource)

    for resource in resources:
        visit(resource["urn"])
    return ordered
