"""Pulumi's bulk import file (`pulumi import --file`) for every live object the blueprint adopts.

The entries come from a run of the real program under mocks that answer with the live ids, so
each entry carries exactly the type, logical name and parent chain the program registers; the
parents themselves are listed as empty components, which `pulumi import` creates. Objects the
program would not register under the same name (a live SCP org-iam merges with another, an
assignment to a user) are not in the file: Pulumi leaves them alone.
"""

from __future__ import annotations

import datetime
import json
from importlib.metadata import version
from pathlib import Path

from orgctl.adoption.draft import Draft
from orgctl.adoption.live_ids import ATTACHMENT, POLICY, live_objects
from orgctl.adoption.live_mocks import LiveMocks
from orgctl.live.snapshot import LiveSnapshot
from orgctl.mock_runtime import RecordingMonitor, run_program
from orgctl.stack_config import REPO

IMPORT_STACK = "adopt"  # URNs in the file are stack-relative; the name never appears in it


def run_against_live(
    blueprint: Path, snapshot: LiveSnapshot, draft: Draft, today: datetime.date, stack: str
) -> RecordingMonitor:
    mocks = LiveMocks(snapshot, live_objects(snapshot, draft))
    config = {"org-iam:blueprint": str(blueprint.resolve()), "org-iam:today": today.isoformat()}
    return run_program(REPO, stack, config, mock=mocks)


def import_entries(recorded: RecordingMonitor, snapshot: LiveSnapshot, draft: Draft) -> list[dict]:
    objects = live_objects(snapshot, draft)
    by_urn = {r.urn: r for r in recorded.registrations}
    wanted = [r for r in recorded.registrations if r.custom and (r.type, r.name) in objects]
    needed: set[str] = set()
    for record in wanted:
        parent = record.parent
        while parent in by_urn:
            needed.add(parent)
            parent = by_urn[parent].parent
    chosen = sorted([*wanted, *(by_urn[u] for u in needed)], key=lambda r: _chain(r, by_urn))
    names: dict[str, str] = {}
    taken: set[str] = set()
    for record in chosen:
        name, number = record.name, 1
        while name in taken:
            number += 1
            name = f"{record.name}#{number}"
        taken.add(name)
        names[record.urn] = name
    plugin = version("pulumi_aws")
    entries = []
    for record in chosen:
        entry: dict = {"type": record.type, "name": names[record.urn]}
        if names[record.urn] != record.name:
            entry["logicalName"] = record.name
        if record.parent in names:
            entry["parent"] = names[record.parent]
        if record.custom:
            entry["id"] = objects[(record.type, record.name)].import_id
            entry["version"] = plugin
        else:
            entry["component"] = True
        entries.append(entry)
    return entries


def _chain(record, by_urn) -> tuple:
    """Parents before children, then by type and name: a stable order for the file."""
    chain = []
    current = record
    while current is not None:
        chain.append((current.type, current.name))
        current = by_urn.get(current.parent)
    return tuple(reversed(chain))


def left_out_scps(entries: list[dict], snapshot: LiveSnapshot, draft: Draft) -> list[str]:
    """Live SCPs and attachments the program does not take over as they are: org-iam attaches
    its own composition there, and the live one stays until someone detaches it."""
    objects = live_objects(snapshot, draft)
    imported = {(e["type"], e.get("logicalName", e["name"])) for e in entries}
    return sorted(
        f"{name.replace('@', ' on ', 1)}" if "@" in name else f"{name} (no target of its own)"
        for (type_, name) in objects
        if type_ in (POLICY, ATTACHMENT) and (type_, name) not in imported
    )


def write_import_file(
    target: str, blueprint: Path, snapshot: LiveSnapshot, draft: Draft, today: datetime.date
) -> tuple[int, list[str]]:
    recorded = run_against_live(blueprint, snapshot, draft, today, IMPORT_STACK)
    entries = import_entries(recorded, snapshot, draft)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"resources": entries}, indent=1) + "\n")
    return sum(1 for e in entries if not e.get("component")), left_out_scps(
        entries, snapshot, draft
    )
