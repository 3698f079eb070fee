"""Exit codes shared by every orgctl command (DESIGN.md: 0 clean, 1 findings, 2 usage or I/O)."""

CLEAN = 0
FINDINGS = 1
USAGE_OR_IO = 2
