"""URNs of the entries of a `pulumi import --file` file, computed as the Pulumi CLI computes them
(parent types chained with '$' below the stack), so tests can look them up in a plan."""

from __future__ import annotations


def file_urns(entries: list[dict], stack: str = "prod") -> dict[str, dict]:
    """URN -> entry, as `pulumi import --file` names them: parent types chained with '$'."""
    by_name = {e["name"]: e for e in entries}

    def qualified(entry: dict) -> str:
        parent = by_name.get(entry.get("parent", ""))
        return (f"{qualified(parent)}$" if parent else "") + entry["type"]

    return {
        f"urn:pulumi:{stack}::org-iam::{qualified(e)}::{e.get('logicalName', e['name'])}": e
        for e in entries
    }
