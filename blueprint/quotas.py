"""AWS's SCP quotas since 2026-05-15: characters per SCP, SCPs per root, OU or account."""

SCP_SIZE_LIMIT = 10240
SCP_POLICIES_PER_TARGET = 10
