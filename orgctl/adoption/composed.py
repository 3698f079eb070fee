"""SCPs that org-iam itself deployed come back as the blueprint's SCPs, not as one SCP per live
policy: org-iam names each policy after the blueprint SCPs it composes (`org-iam-a+b`, its
description lists them), so the statements of each blueprint SCP are those every composition
containing it shares. When that does not explain every composition exactly, nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from guardrails.compose import POLICY_NAME_PREFIX
from orgctl.live.snapshot import LiveScp
from orgctl.live.statements import DocumentError, document_statements, statement_key

COMPOSED = "org-iam guardrails: "  # the description org-iam gives a composed SCP
QUARANTINE = "org-iam: quarantine"  # the expiry quarantine, derived from account dates


@dataclass(frozen=True)
class Decomposition:
    statements: dict[str, list[dict]]  # blueprint SCP name -> its statements, live order
    sources: dict[str, tuple[str, ...]]  # live SCP id -> the blueprint SCPs it composes
    logical_names: dict[str, str]  # live SCP id -> the program's name for it
    quarantine: tuple[str, ...]  # live SCP ids of the expiry quarantine


def is_org_iams(scp: LiveScp) -> bool:
    return scp.name.startswith(POLICY_NAME_PREFIX) and scp.description.startswith(
        (COMPOSED, QUARANTINE)
    )


def decompose(scps: list[LiveScp]) -> Decomposition | None:
    groups: dict[tuple[str, ...], dict[str, dict]] = {}
    sources: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    quarantine = []
    for scp in scps:
        if not is_org_iams(scp):
            continue
        names[scp.id] = scp.name.removeprefix(POLICY_NAME_PREFIX)
        if scp.description.startswith(QUARANTINE):
            quarantine.append(scp.id)
            continue
        listed = scp.description.removeprefix(COMPOSED).split(" (part ")[0]
        group = tuple(sorted(listed.split(", ")))
        sources[scp.id] = group
        try:
            statements = document_statements(scp.content)
        except DocumentError:
            return None
        for statement in statements:
            groups.setdefault(group, {})[statement_key(statement)] = statement
    if not names:
        return None
    members = {name for group in groups for name in group}
    shared: dict[str, list[dict]] = {}
    for name in sorted(members):
        containing = [groups[group] for group in groups if name in group]
        common = set.intersection(*(set(statements) for statements in containing))
        shared[name] = [s for key, s in containing[0].items() if key in common]
    for group, statements in groups.items():
        explained = {statement_key(s) for name in group for s in shared[name]}
        if explained != set(statements):
            return None
    return Decomposition(shared, sources, names, tuple(quarantine))
