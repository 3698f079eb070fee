"""The evidence pack's manifest: what every file was made from, so a CSV filed on its own can
still be traced to its source (an offline plan or a deployed stack), the commit, the
blueprint and the tool, and checked against its sha256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from orgctl import __version__
from orgctl.evidence.inventory import Inventory

MANIFEST_NAME = "manifest.json"


def write_manifest(
    target: Path, inventory: Inventory, stack: str, generated: str, files: list[Path]
) -> Path:
    facts = inventory.facts
    recorded = inventory.manifest.get("as_of") or inventory.manifest.get("time")
    manifest = {
        "source": "offline plan: not a deployment"
        if inventory.offline
        else "deployed stack export",
        "stack": stack,
        "as_of": recorded or "not recorded",
        "generated_at": generated,
        "commit": facts.get("commit") or "not recorded",
        "blueprint": facts.get("blueprint") or "not recorded",
        "blueprint_sha256": facts.get("blueprint_sha256") or "not recorded",
        "orgctl_version": __version__,
        "files": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files},
    }
    path = target / MANIFEST_NAME
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
