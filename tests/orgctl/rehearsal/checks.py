"""What a clean rehearsal of a whole stack must show, shared by the staging and prod checks."""

from __future__ import annotations

# The subset that must apply fully and re-plan with no changes: Organizations, IAM and
# Identity Center. aws_iam_organizations_features is IAM's centralized root access, which moto
# lacks (a known emulator gap, classified as such).
CORE_PREFIXES = ("aws_organizations_", "aws_iam_", "aws_ssoadmin_")
CORE_EXCEPTIONS = {"aws_iam_organizations_features": "moto-iam-centralized-root-access"}


def assert_core_applied_and_unchanged(report: dict) -> None:
    core = {k: row for k, row in report["counts"]["by_type"].items() if k.startswith(CORE_PREFIXES)}
    assert {"aws_organizations_account", "aws_iam_role", "aws_ssoadmin_permission_set"} <= set(core)
    for kind, row in core.items():
        assert row["replan_changes"] == 0, kind
        if kind in CORE_EXCEPTIONS:
            known = {f["known"] for f in report["findings"] if f["address"].startswith(kind)}
            assert known == {CORE_EXCEPTIONS[kind]}, kind
            continue
        assert row["planned"] == row["applied"] > 0, (kind, row)
        assert row["failed"] == 0, (kind, row)


def assert_every_finding_explained(report: dict) -> None:
    """Zero candidate program defects: every error and every second-plan change is a known
    emulator gap or provider major-version difference, named by its entry, with its URN."""
    unexplained = [f for f in report["findings"] if f["kind"] == "program-defect"]
    assert unexplained == [], "\n".join(f"{f['urn']}: {f['message']}" for f in unexplained)
    for finding in report["findings"]:
        assert finding["known"] and finding["urn"], finding
