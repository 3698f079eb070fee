"""Small stacks in the deployment export shape for policy tests: resources named by their
logical name, dependencies given by name."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from orgctl.policy_runner import run_policies


@dataclass
class R:
    type: str
    name: str
    inputs: dict
    protect: bool = False
    deps: dict[str, list[str]] = field(default_factory=dict)  # property -> resource names
    provider: str | None = None  # the name of a provider resource of the same stack

    def urn(self) -> str:
        return f"urn:pulumi:test::t::{self.type}::{self.name}"

    def but(self, *, protect: bool | None = None, deps=None, **changes) -> R:
        """A copy with some inputs changed (None removes a key)."""
        inputs = copy.deepcopy(self.inputs)
        for key, value in changes.items():
            if value is None:
                inputs.pop(key, None)
            else:
                inputs[key] = value
        return R(self.type, self.name, inputs, self.protect if protect is None else protect,
                 self.deps if deps is None else deps, self.provider)  # fmt: skip


def aws_provider(name: str, region: str) -> R:
    return R("pulumi:providers:aws", name, {"region": region})


def export(resources: list[R]) -> dict:
    urns = {r.name: r.urn() for r in resources}
    return {
        "version": 3,
        "deployment": {
            "resources": [
                {
                    "urn": r.urn(),
                    "id": r.name,
                    "type": r.type,
                    "provider": f"{urns[r.provider]}::{r.provider}" if r.provider else "",
                    "custom": True,
                    "inputs": r.inputs,
                    "outputs": {},
                    "protect": r.protect,
                    # A dependency outside this small stack is left dangling, as in a partial export.
                    "propertyDependencies": {
                        k: [urns.get(n, f"urn:pulumi:test::t::elsewhere::{n}") for n in v]
                        for k, v in r.deps.items()
                    },
                    "dependencies": sorted(
                        {urns[n] for v in r.deps.values() for n in v if n in urns}
                    ),
                }
                for r in resources
            ]
        },
    }


def findings(policy, resources: list[R], config: dict | None = None):
    return run_policies(export(resources), config or {}, policies=[policy])


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
