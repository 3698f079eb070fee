"""Registrations recorded under mocks -> Pulumi's deployment export shape (what `pulumi stack
export` writes), so offline plans and real stacks are read by the same tools."""

from __future__ import annotations

from typing import Any

from orgctl.mock_runtime import PROJECT, Registration


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def to_export(registrations: list[Registration], stack: str) -> dict:
    resources = [
        {
            "urn": f"urn:pulumi:{stack}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{stack}",
            "type": "pulumi:pulumi:Stack",
            "custom": False,
        }
    ]
    for record in registrations:
        inputs = _plain(record.inputs)
        resources.append(
            {
                "urn": record.urn,
                "type": record.type,
                "custom": record.custom,
                "id": record.id,
                "inputs": inputs,
                "outputs": inputs,
                "parent": record.parent,
                "provider": record.provider,
                "protect": record.protect,
                "retainOnDelete": record.retain_on_delete,
                "importID": record.import_id,
                "ignoreChanges": sorted(record.ignore_changes),
                "dependencies": sorted(set(record.dependencies)),
                "propertyDependencies": {
                    key: sorted(set(urns))
                    for key, urns in sorted(record.property_dependencies.items())
                },
            }
        )
    return {
        "version": 3,
        "deployment": {"manifest": {"magic": "org-iam-offline-plan"}, "resources": resources},
    }
