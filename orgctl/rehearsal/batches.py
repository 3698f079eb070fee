"""Split a plan into batches that each need at most N provider processes (Terraform starts one
per provider alias, ~0.4-0.5 GB each), in dependency order: every resource's dependencies are
applied in an earlier batch or in its own."""

from __future__ import annotations

import json

from orgctl.rehearsal.translate import PROVIDER_TYPE, resources_of


class BatchingError(Exception):
    pass


def provider_key(resource: dict) -> str:
    """Providers with the same settings (account, Region, role) are one Terraform alias."""
    return json.dumps(resource.get("inputs", {}), sort_keys=True)


def batches(plan: dict, max_providers: int) -> list[list[str]]:
    """URN lists, one per batch, covering every custom resource that is not a provider."""
    everything = {r["urn"]: r for r in plan["deployment"]["resources"]}
    customs = resources_of(plan)
    children: dict[str, list[str]] = {}
    for resource in plan["deployment"]["resources"]:
        children.setdefault(resource.get("parent", ""), []).append(resource["urn"])

    def expand(urns) -> set[str]:
        found: set[str] = set()
        for urn in urns:
            resource = everything.get(urn)
            if resource is None:
                continue
            if resource.get("custom"):
                found.add(urn)
            else:
                found |= expand(children.get(urn, []))
        return found

    providers = {r["urn"]: r for r in customs if r["type"] == PROVIDER_TYPE}
    members = [r for r in customs if r["type"] != PROVIDER_TYPE]
    key_of: dict[str, str] = {}
    needs: dict[str, set[str]] = {}
    for resource in members:
        provider = providers.get(resource.get("provider", "").rpartition("::")[0])
        key_of[resource["urn"]] = provider_key(provider) if provider else ""
        wanted = expand(resource.get("dependencies", []))
        if provider is not None:
            wanted |= expand(provider.get("dependencies", []))
        needs[resource["urn"]] = {u for u in wanted if u not in providers}
    done: set[str] = set()
    remaining = [r["urn"] for r in members]
    result: list[list[str]] = []
    while remaining:
        batch: set[str] = set()
        keys: list[str] = []
        changed = True
        while changed:
            changed = False
            ready = [u for u in remaining if u not in batch and needs[u] <= done | batch]
            inside = [u for u in ready if key_of[u] in keys]
            if inside:
                batch.update(inside)
                changed = True
                continue
            if ready and len(keys) < max_providers:
                counts: dict[str, int] = {}
                for urn in ready:
                    counts[key_of[urn]] = counts.get(key_of[urn], 0) + 1
                keys.append(min(counts, key=lambda k: (-counts[k], k)))
                changed = True
        if not batch:
            raise BatchingError("the plan's dependencies form a cycle; no batch can start")
        ordered = [u for u in remaining if u in batch]
        result.append(ordered)
        done |= batch
        remaining = [u for u in remaining if u not in batch]
    return result
