"""Resource-based policies: who outside the account may use a KMS key, an SNS topic or an S3
bucket. None is open to everyone, and a grant to an AWS service names the account, organization
or resource it acts for (the confused-deputy guard)."""

from __future__ import annotations

from pulumi_policy import Severity

from orgiam_policies._support import (
    Controls,
    condition_keys,
    load_document,
    principals,
    resource_policy,
    service_principals,
    statements,
)

KMS_TYPES = ("aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy")
SNS_TYPES = ("aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy")
S3_TYPES = ("aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucket:Bucket")
SQS_TYPES = ("aws:sqs/queuePolicy:QueuePolicy",)

# Conditions that limit a '*' principal to the organization, an account, a principal or a
# network path: with one of them a statement is not public.
LIMITING_KEYS = frozenset(
    {
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "kms:calleraccount",
    }
)
# The keys a service sets for the resource or account it acts for (AWS's confused-deputy
# guidance); CloudWatch Logs and CloudTrail also bind a KMS grant by encryption context.
SOURCE_KEYS = frozenset(
    {"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"}
)
ENCRYPTION_CONTEXT_PREFIX = "kms:encryptioncontext:"


def _document(props):
    return load_document(props.get("policy"))


def _public_statements(props) -> list[str]:
    """Sids (or positions) of Allow statements open to any principal without a limiting
    condition."""
    return [
        str(statement.get("Sid") or f"#{index}")
        for index, statement in enumerate(statements(_document(props)))
        if statement.get("Effect") == "Allow"
        and "*" in principals(statement)
        and not condition_keys(statement) & LIMITING_KEYS
    ]


def _public_validator(what: str):
    def validate(args, report_violation):
        public = _public_statements(args.props)
        if public:
            report_violation(
                f"The {what} policy of '{args.name}' lets any principal ('*') in through "
                f"{', '.join(public)}; name the principals or limit them with aws:PrincipalOrgID, "
                "aws:PrincipalAccount or aws:SourceAccount."
            )

    return validate


_WAITS = "the policy document, when the program builds it from ARNs created in the same run"

kms_key_policy_not_public = resource_policy(
    "kms-key-policy-not-public",
    "No KMS key policy allows any principal ('*') without an organization, account or source condition.",
    _public_validator("KMS key"),
    Controls(("CC6.1", "CC6.6"), ("3.6.1", "7.2.1")),
    severity=Severity.CRITICAL,
    resource_types=KMS_TYPES,
    waits_at_preview=_WAITS,
)

sns_topic_policy_not_public = resource_policy(
    "sns-topic-policy-not-public",
    "No SNS topic policy allows any principal ('*') without an organization, account or source condition.",
    _public_validator("SNS topic"),
    Controls(("CC6.1", "CC6.6"), ("7.2.1",)),
    severity=Severity.HIGH,
    resource_types=SNS_TYPES,
    waits_at_preview=_WAITS,
)

s3_bucket_policy_not_public = resource_policy(
    "s3-bucket-policy-not-public",
    "No S3 bucket policy allows any principal ('*') without an organization, account or source condition.",
    _public_validator("S3 bucket"),
    Controls(("CC6.1", "CC6.6"), ("1.3.1", "7.2.1")),
    severity=Severity.CRITICAL,
    resource_types=S3_TYPES,
    waits_at_preview=_WAITS,
)


def _unbound_service_grants(props) -> list[str]:
    unbound = []
    for index, statement in enumerate(statements(_document(props))):
        services = service_principals(statement)
        if statement.get("Effect") != "Allow" or not services:
            continue
        keys = condition_keys(statement)
        bound = keys & SOURCE_KEYS or any(k.startswith(ENCRYPTION_CONTEXT_PREFIX) for k in keys)
        if not bound:
            unbound.append(f"{statement.get('Sid') or f'#{index}'} ({', '.join(services)})")
    return unbound


def _validate_service_source_conditions(args, report_violation):
    unbound = _unbound_service_grants(args.props)
    if unbound:
        report_violation(
            f"The resource policy of '{args.name}' grants AWS services access without saying "
            f"for whom: {'; '.join(unbound)}. Add aws:SourceAccount, aws:SourceArn or "
            "aws:SourceOrgID (or, for a KMS key used by CloudWatch Logs or CloudTrail, a "
            "kms:EncryptionContext condition), so no other account can use the service against it."
        )


service_grants_name_their_source = resource_policy(
    "service-grants-name-their-source",
    "Every grant to an AWS service in a key, topic, bucket or queue policy carries aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or a KMS encryption context.",
    _validate_service_source_conditions,
    Controls(("CC6.1", "CC6.6"), ("7.2.1", "7.2.2")),
    severity=Severity.HIGH,
    resource_types=(*KMS_TYPES, *SNS_TYPES, *S3_TYPES, *SQS_TYPES),
    waits_at_preview=_WAITS,
)

POLICIES = [
    kms_key_policy_not_public,
    sns_topic_policy_not_public,
    s3_bucket_policy_not_public,
    service_grants_name_their_source,
]
