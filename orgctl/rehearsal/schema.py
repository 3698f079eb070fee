"""The provider's own schema (`terraform providers schema -json`): the only source of the
Terraform names and types the translator uses. Generated once per provider version and cached
under the output folder, filtered to what a translation reads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"


@dataclass(frozen=True)
class ProviderSchema:
    version: str
    provider: dict[str, Any]
    resources: dict[str, Any]
    data_sources: dict[str, Any]

    @classmethod
    def from_terraform(cls, document: dict, version: str) -> ProviderSchema:
        """`document` is the output of `terraform providers schema -json`."""
        found = document["provider_schemas"][PROVIDER_ADDRESS]
        return cls(
            version=version,
            provider=found["provider"]["block"],
            resources={k: v["block"] for k, v in found["resource_schemas"].items()},
            data_sources={k: v["block"] for k, v in found["data_source_schemas"].items()},
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "provider": self.provider,
                "resources": self.resources,
                "data_sources": self.data_sources,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> ProviderSchema:
        data = json.loads(text)
        return cls(data["version"], data["provider"], data["resources"], data["data_sources"])


def names_in(block: dict) -> set[str]:
    return set(block.get("attributes", {})) | set(block.get("block_types", {}))
