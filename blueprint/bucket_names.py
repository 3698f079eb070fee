"""Names that several domains must agree on (the log archive bucket is created by monitoring and
protected by guardrails), derived from the blueprint in one place."""

from __future__ import annotations

import re

from blueprint.model import Blueprint


def _dns_label(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")


# Every bucket that holds or receives logs: created by monitoring, protected by guardrails.
LOG_BUCKET_PURPOSES = ("access-logs", "config-history", "log-archive")


def bucket_prefix(blueprint: Blueprint, purpose: str) -> str:
    """`<org>-<purpose>-`: a bucket name is this prefix plus the account id and region, which
    are unknown for a new account until it exists, so guardrails match the prefix."""
    return f"{_dns_label(blueprint.organization.name)}-{purpose}-"


def log_archive_bucket_prefix(blueprint: Blueprint) -> str:
    return bucket_prefix(blueprint, "log-archive")
