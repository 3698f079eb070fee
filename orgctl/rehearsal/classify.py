"""Sort every Terraform error and every second-plan change into: a known emulator gap, a known
difference between provider major versions, or a candidate program defect (the default: what
is not explained is the program's until shown otherwise)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from orgctl.rehearsal import gaps

PROGRAM_DEFECT = "program-defect"


@dataclass(frozen=True)
class Finding:
    stage: str
    kind: str  # "emulator-gap" | "provider-major-version" | "program-defect"
    urn: str
    address: str
    message: str  # the provider's (or translator's) exact words
    known: str = ""  # id of the matching entry in gaps.KNOWN
    explanation: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _resource_type(address: str) -> str:
    parts = address.split(".")
    return parts[1] if parts and parts[0] == "data" and len(parts) > 1 else parts[0]


def classify_error(stage: str, diagnostic: dict, addresses: dict[str, str]) -> Finding:
    message = " ".join(p for p in (diagnostic["summary"], diagnostic.get("detail", "")) if p)
    address = diagnostic.get("address", "") or next(
        (a for a in re.findall(r"\b(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)", message) if a in addresses),
        "",
    )
    urn = addresses.get(address, "")
    entry = gaps.match("error", _resource_type(address), message)
    if entry is None:
        return Finding(stage, PROGRAM_DEFECT, urn, address, message)
    return Finding(stage, entry.kind, urn, address, message, entry.id, entry.explanation)


def classify_change(change: dict, addresses: dict[str, str]) -> Finding:
    address = change["address"]
    described = "; ".join(
        f"{name}: {change['before'].get(name)!r} -> {change['after'].get(name)!r}"
        for name in change["attributes"]
    )
    message = f"{'/'.join(change['actions'])} on re-plan: {described or 'no attribute named'}"
    urn = addresses.get(address, "")
    entry = gaps.match("diff", _resource_type(address), described)
    if entry is None:
        return Finding("replan", PROGRAM_DEFECT, urn, address, message)
    return Finding("replan", entry.kind, urn, address, message, entry.id, entry.explanation)
