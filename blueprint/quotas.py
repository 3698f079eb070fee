"""The limits org-iam plans within, each stated once: AWS's quotas and org-iam's own rules that
the policy pack enforces too. Validation, SCP composition, the plan summary, preflight and the
policy pack's configuration defaults all read them from here (a test proves the pack agrees).

A blueprint may choose stricter values (a smaller `scp_size_limit`, `reserved_scp_slots` for
Control Tower or another tool's SCPs), never looser ones.
"""

from __future__ import annotations

# AWS Organizations, raised on 2026-05-15 in every partition (AWS What's New, May 2026).
SCP_SIZE_LIMIT = 10_240  # characters of an SCP as stored (whitespace counts: minify)
SCP_POLICIES_PER_TARGET = 10  # per root, OU or account, FullAWSAccess included
OU_NESTING_DEPTH = 5  # levels of OUs below the root
FULL_AWS_ACCESS_SLOTS = 1  # AWS's own policy, attached to every target unless removed
MAX_RESERVED_SCP_SLOTS = SCP_POLICIES_PER_TARGET - FULL_AWS_ACCESS_SLOTS - 1  # org-iam keeps one

# org-iam's rules for Identity Center sessions (AWS allows 1 to 12 hours).
MAX_SESSION_HOURS = 8
ADMIN_MAX_SESSION_HOURS = 1


def free_scp_slots(reserved_slots: int) -> int:
    """Slots left for org-iam's SCPs on one target."""
    return SCP_POLICIES_PER_TARGET - FULL_AWS_ACCESS_SLOTS - reserved_slots
