"""Organization settings read back from the guardrails org-iam deployed: the allowed Regions of
the Region guardrail, the roles its statements exempt (deployers), and the organization name in
the log archive bucket. Without them the library statements would render differently and no
live statement would be recognised; in a brownfield organization nothing is found and the
defaults stand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from guardrails.library import LIBRARY
from orgctl.live.snapshot import LiveScp
from orgctl.live.statements import DocumentError, document_statements

_ROLE = re.compile(r"^arn:[a-z-]+:iam::\*:role/([\w+=,.@-]+)$")
_LOG_ARCHIVE = re.compile(r"^arn:[a-z-]+:s3:::([a-z0-9-]+)-log-archive-\*$")


@dataclass(frozen=True)
class RecordedSettings:
    allowed_regions: tuple[str, ...] = ()
    exempt_roles: tuple[str, ...] = ()
    organization_name: str | None = None


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def recorded_settings(scps: tuple[LiveScp, ...]) -> RecordedSettings:
    regions: set[str] = set()
    roles: set[str] = set()
    name = None
    for scp in scps:
        try:
            statements = document_statements(scp.content)
        except DocumentError:
            continue
        for statement in statements:
            if statement.get("Sid") not in LIBRARY:
                continue
            condition = statement.get("Condition") or {}
            if statement["Sid"] == "DenyOutsideAllowedRegions":
                regions.update(
                    _strings(condition.get("StringNotEquals", {}).get("aws:RequestedRegion"))
                )
            for arn in _strings(condition.get("ArnNotLike", {}).get("aws:PrincipalArn")):
                match = _ROLE.match(arn)
                if match:
                    roles.add(match[1])
            for resource in _strings(statement.get("Resource")):
                match = _LOG_ARCHIVE.match(resource)
                if match and statement["Sid"] == "ProtectLogArchive":
                    name = match[1]
    return RecordedSettings(tuple(sorted(regions)), tuple(sorted(roles)), name)
