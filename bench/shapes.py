"""The shape of a plan's resources, for the shape-matched SDK floor: per resource, its type, how
many properties the SDK tracks for it (pulumi_aws declares every output, most of them unset) and
the plain input values the program gave it.

The trivial floor registers one-property resources; a pulumi_aws resource carries 10 to 40
properties, each of which the SDK turns into futures, an Output and a task. The shape-matched
floor registers the plan's own resources directly, with the same property counts and input
values, but without org-iam's code, the pulumi_aws classes, providers, parents or dependencies.
"""

from __future__ import annotations

import json
from pathlib import Path

from pulumi.runtime import rpc

from orgctl.mock_runtime import run_program


def record_shapes(project_dir: Path, stack: str, config: dict[str, str]) -> list[dict]:
    """Run the program once and return one shape per registered resource, in plan order."""
    property_counts: dict[tuple[str, str], int] = {}
    transfer = rpc.transfer_properties

    def counting_transfer(resource, props, custom):
        tracked = [name for name in props if name != "urn" and not (name == "id" and custom)]
        property_counts[(resource._type, resource._name)] = len(tracked)
        return transfer(resource, props, custom)

    rpc.transfer_properties = counting_transfer
    try:
        recorded = run_program(project_dir, stack, config)
    finally:
        rpc.transfer_properties = transfer
    return [
        {
            "type": registration.type,
            "name": registration.name,
            "custom": registration.custom,
            "properties": property_counts.get((registration.type, registration.name), 0),
            "inputs": registration.inputs,
        }
        for registration in recorded.registrations
    ]


def write_shapes(shapes: list[dict], path: Path) -> None:
    path.write_text(json.dumps(shapes, sort_keys=True, default=str))
