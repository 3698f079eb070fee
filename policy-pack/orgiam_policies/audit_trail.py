"""The audit trail: hardened trails that record every management event, an Object-Locked log
archive behind every trail, log groups kept long enough and encrypted, rotating KMS keys,
encrypted topics, alarms that notify someone, the complete CIS alarm set, and watched
break-glass principals."""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import Severity

from orgiam_policies._support import (
    Controls,
    condition_keys,
    config_of,
    dependencies,
    has_entries,
    is_set,
    load_document,
    number,
    of_type,
    resource_policy,
    schema,
    stack_policy,
    statements,
    tags_of,
)

TRAIL = "aws:cloudtrail/trail:Trail"
BUCKET = "aws:s3/bucket:Bucket"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def _validate_trail(args, report_violation):
    props = args.props
    required = {
        "isMultiRegionTrail": "record every Region",
        "includeGlobalServiceEvents": "include global service events",
        "enableLogFileValidation": "validate log files",
    }
    for prop, what in required.items():
        if props.get(prop) is not True:
            report_violation(f"The CloudTrail trail '{args.name}' must {what} ({prop}).")
    if not is_set(props, "kmsKeyId"):
        report_violation(
            f"The CloudTrail trail '{args.name}' must encrypt its logs with KMS (kmsKeyId)."
        )
    if not is_set(props, "cloudWatchLogsGroupArn"):
        report_violation(
            f"The CloudTrail trail '{args.name}' must deliver to CloudWatch Logs for alarms."
        )
    if props.get("enableLogging") is False:
        report_violation(f"The CloudTrail trail '{args.name}' must be logging.")


cloudtrail_org_trail_hardened = resource_policy(
    "cloudtrail-org-trail-hardened",
    "Trails are multi-Region with global events, log file validation, KMS and CloudWatch Logs delivery.",
    _validate_trail,
    Controls(("CC7.2",), ("10.2.1", "10.3.2", "10.3.4"), ("3.1", "3.2", "3.5")),
    severity=Severity.CRITICAL,
    resource_types=(TRAIL,),
    rules=(
        "multi-region",
        "global-service-events",
        "log-file-validation",
        "kms",
        "cloudwatch-logs",
        "logging",
    ),
)


# cloudtrail-records-management-events ------------------------------------------------------


def _selector_problems(props) -> list[str]:
    """What the trail's event selectors leave out of its management events. With no selector a
    trail records every management event, reads and writes."""
    problems = []
    basic = [s for s in (props.get("eventSelectors") or []) if isinstance(s, Mapping)]
    if basic:
        management = [s for s in basic if s.get("includeManagementEvents") is not False]
        if not management:
            problems.append("it excludes management events (includeManagementEvents false)")
        if management and not any(s.get("readWriteType") in (None, "All") for s in management):
            problems.append("it records only read-only or only write events (readWriteType)")
        if any(s.get("excludeManagementEventSources") for s in management):
            problems.append("it excludes management event sources (excludeManagementEventSources)")
    advanced = [s for s in (props.get("advancedEventSelectors") or []) if isinstance(s, Mapping)]
    if advanced:
        management = [s for s in advanced if _advanced_category(s) == "management"]
        if not management:
            problems.append("no advanced selector records management events")
        narrowed = {f.get("field") for s in management for f in s.get("fieldSelectors") or []}
        if "readOnly" in narrowed:
            problems.append("its management selector keeps only read-only or only write events")
        if "eventSource" in narrowed:
            problems.append("its management selector leaves out event sources")
    return problems


def _advanced_category(selector) -> str:
    for field in selector.get("fieldSelectors") or []:
        if field.get("field") == "eventCategory":
            return str((field.get("equals") or [""])[0]).lower()
    return ""


def _validate_management_events(args, report_violation):
    for problem in _selector_problems(args.props):
        report_violation(
            f"The CloudTrail trail '{args.name}' must record every management event, reads and "
            f"writes; {problem}."
        )


cloudtrail_records_management_events = resource_policy(
    "cloudtrail-records-management-events",
    "Trail event selectors keep every management event, read and write (a write-only trail fails).",
    _validate_management_events,
    Controls(("CC7.2",), ("10.2.1", "10.2.2"), ("3.1",)),
    severity=Severity.HIGH,
    resource_types=(TRAIL,),
    rules=(
        "management-events-included",
        "read-and-write",
        "no-excluded-sources",
        "advanced-management-selector",
        "advanced-read-and-write",
        "advanced-no-excluded-sources",
    ),
)


def _bucket_settings(resources, bucket):
    """Configuration resources that point at `bucket`, by type."""
    found: dict[str, list] = {}
    for resource in resources:
        if bucket in dependencies(resource, "bucket"):
            found.setdefault(resource.resource_type, []).append(resource)
    return found


def _lock_days(rule) -> float:
    retention = (rule or {}).get("defaultRetention") or {}
    return float(retention.get("days") or 0) + 365 * float(retention.get("years") or 0)


def _validate_log_archive(args, report_violation):
    config = config_of(args)
    minimum = config.get("minimumRetentionDays", 365)
    trails = of_type(args.resources, TRAIL)
    if not trails:
        args.not_applicable("no trail in this stack")
        return
    for trail in trails:
        buckets = [b for b in dependencies(trail, "s3BucketName") if b.resource_type == BUCKET]
        if not buckets:
            report_violation(
                f"The trail '{trail.name}' writes to a bucket outside this stack; its Object Lock "
                "cannot be verified here.",
                trail.urn,
            )
            continue
        bucket = buckets[0]
        settings = _bucket_settings(args.resources, bucket)
        problems = []
        if bucket.props.get("objectLockEnabled") is not True:
            problems.append("Object Lock enabled at creation")
        locks = settings.get(
            "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", []
        )
        rule = locks[0].props.get("rule") if locks else None
        mode = ((rule or {}).get("defaultRetention") or {}).get("mode")
        modes = (
            ("COMPLIANCE", "GOVERNANCE") if config.get("allowGovernanceMode") else ("COMPLIANCE",)
        )
        if mode not in modes or _lock_days(rule) < minimum:
            problems.append(f"{' or '.join(modes)}-mode retention of at least {minimum} days")
        versioning = settings.get("aws:s3/bucketVersioning:BucketVersioning", [])
        if (
            not versioning
            or (versioning[0].props.get("versioningConfiguration") or {}).get("status") != "Enabled"
        ):
            problems.append("versioning")
        blocks = settings.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", [])
        flags = (
            "blockPublicAcls",
            "blockPublicPolicy",
            "ignorePublicAcls",
            "restrictPublicBuckets",
        )
        if not blocks or not all(blocks[0].props.get(f) is True for f in flags):
            problems.append("all four public access blocks")
        policies = settings.get("aws:s3/bucketPolicy:BucketPolicy", [])
        tls = any(
            s.get("Effect") == "Deny" and "aws:securetransport" in condition_keys(s)
            for p in policies
            for s in statements(load_document(p.props.get("policy")))
        )
        if not tls:
            problems.append("a bucket policy denying requests without TLS")
        if problems:
            report_violation(
                f"The bucket '{bucket.name}' behind the trail '{trail.name}' needs "
                + "; ".join(problems)
                + ".",
                bucket.urn,
            )


log_archive_object_lock = stack_policy(
    "log-archive-object-lock",
    "The trail's bucket has COMPLIANCE Object Lock of a year or more, versioning, public access blocked and TLS-only access.",
    _validate_log_archive,
    Controls(("CC7.2",), ("10.3.2", "10.3.3", "10.5.1"), ("3.3",)),
    severity=Severity.CRITICAL,
    config=schema(
        minimumRetentionDays={"type": "integer", "default": 365, "minimum": 365},
        allowGovernanceMode={
            "type": "boolean",
            "default": False,
            "description": "A rehearsal organization may lock its logs in GOVERNANCE mode.",
        },
    ),
    spans="which bucket a trail writes to, and that bucket's lock, versioning, public access block and policy, are six resources",
    waits_at_preview="the bucket policy, when the program builds it from the ARN of the bucket it creates",
    rules=(
        "bucket-in-stack",
        "object-lock-enabled",
        "compliance-mode",
        "retention-days",
        "versioning",
        "public-access-block",
        "tls-only",
    ),
)


def _validate_log_group(args, report_violation):
    config = config_of(args)
    retention = number(args.props.get("retentionInDays"))
    minimum = config.get("minimumRetentionDays", 90)
    if retention not in (None, 0) and retention < minimum:
        report_violation(
            f"The log group '{args.name}' keeps logs {retention} days; keep at least {minimum} "
            "(PCI-DSS 10.5.1: three months immediately available)."
        )
    if config.get("requireKms", True) and not is_set(args.props, "kmsKeyId"):
        report_violation(
            f"The log group '{args.name}' must be encrypted with a KMS key (kmsKeyId)."
        )


log_group_retention = resource_policy(
    "log-group-retention",
    "Log groups keep at least 90 days and are encrypted with KMS.",
    _validate_log_group,
    Controls(("CC7.2",), ("10.5.1", "3.5.1")),
    severity=Severity.MEDIUM,
    config=schema(
        minimumRetentionDays={"type": "integer", "default": 90, "minimum": 90},
        requireKms={"type": "boolean", "default": True},
    ),
    resource_types=(LOG_GROUP,),
    rules=("retention", "kms"),
)


def _validate_key_rotation(args, report_violation):
    spec = args.props.get("customerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if spec == "SYMMETRIC_DEFAULT" and args.props.get("enableKeyRotation") is not True:
        report_violation(
            f"The KMS key '{args.name}' must rotate its key material (enableKeyRotation)."
        )


kms_key_rotation = resource_policy(
    "kms-key-rotation",
    "Symmetric KMS keys rotate their key material.",
    _validate_key_rotation,
    Controls(("CC6.1",), ("3.6.1", "3.7.4"), ("3.6",)),
    severity=Severity.MEDIUM,
    resource_types=("aws:kms/key:Key",),
)


def _validate_alarm_actions(args, report_violation):
    if not has_entries(args.props, "alarmActions") or args.props.get("actionsEnabled") is False:
        report_violation(
            f"The alarm '{args.name}' must notify someone (alarmActions, actions enabled)."
        )


alarm_has_actions = resource_policy(
    "alarm-has-actions",
    "Every alarm has an enabled action.",
    _validate_alarm_actions,
    Controls(("CC7.2", "CC7.3"), ("10.4.1.1", "10.7.2")),
    severity=Severity.MEDIUM,
    resource_types=(ALARM,),
    rules=("has-actions", "actions-enabled"),
)


def _validate_topic_encrypted(args, report_violation):
    if not is_set(args.props, "kmsMasterKeyId"):
        report_violation(
            f"The SNS topic '{args.name}' must be encrypted with KMS (kmsMasterKeyId)."
        )


sns_topic_encrypted = resource_policy(
    "sns-topic-encrypted",
    "SNS topics are encrypted with KMS.",
    _validate_topic_encrypted,
    Controls(("CC6.1", "CC6.7"), ("3.5.1", "4.2.1")),
    severity=Severity.MEDIUM,
    resource_types=("aws:sns/topic:Topic",),
)

# Tokens every CIS 4.x pattern must contain (Prowler recognises them the same way).
CIS_SIGNATURES = {
    "4.1": ("UnauthorizedOperation", "AccessDenied"),
    "4.2": ("ConsoleLogin", "MFAUsed"),
    "4.3": ("Root", "invokedBy", "AwsServiceEvent"),
    "4.4": ("PutRolePolicy", "CreatePolicyVersion", "AttachRolePolicy", "DetachGroupPolicy"),
    "4.5": ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
    "4.6": ("ConsoleLogin", "Failed authentication"),
    "4.7": ("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
    "4.8": ("s3.amazonaws.com", "PutBucketPolicy", "PutBucketAcl", "DeleteBucketPolicy"),
    "4.9": ("config.amazonaws.com", "StopConfigurationRecorder", "DeleteDeliveryChannel"),
    "4.10": ("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress", "DeleteSecurityGroup"),
    "4.11": ("CreateNetworkAcl", "ReplaceNetworkAclEntry", "DeleteNetworkAclEntry"),
    "4.12": ("CreateCustomerGateway", "AttachInternetGateway", "DetachInternetGateway"),
    "4.13": ("CreateRoute", "ReplaceRouteTableAssociation", "DisassociateRouteTable"),
    "4.14": ("CreateVpc", "DeleteVpc", "CreateVpcPeeringConnection", "ModifyVpcAttribute"),
    "4.15": ("organizations.amazonaws.com", "LeaveOrganization", "MoveAccount", "DetachPolicy"),
}


def _alarmed_patterns(resources) -> list[str]:
    """Filter patterns whose metric drives an alarm with an action."""
    watched = {
        (a.props.get("namespace"), a.props.get("metricName"))
        for a in of_type(resources, ALARM)
        if has_entries(a.props, "alarmActions") and a.props.get("actionsEnabled") is not False
    }
    patterns = []
    for metric_filter in of_type(resources, METRIC_FILTER):
        transform = metric_filter.props.get("metricTransformation") or {}
        if (transform.get("namespace"), transform.get("name")) in watched:
            patterns.append(str(metric_filter.props.get("pattern") or ""))
    return patterns


def _validate_cis_alarms(args, report_violation):
    trails = [
        t for t in of_type(args.resources, TRAIL) if is_set(t.props, "cloudWatchLogsGroupArn")
    ]
    if not trails:
        args.not_applicable("no trail delivering to CloudWatch Logs in this stack")
        return
    patterns = _alarmed_patterns(args.resources)
    missing = [
        control
        for control, tokens in CIS_SIGNATURES.items()
        if not any(all(token in pattern for token in tokens) for pattern in patterns)
    ]
    if missing:
        report_violation(
            f"The trail '{trails[0].name}' lacks a metric filter with an actioned alarm for CIS "
            + ", ".join(missing)
            + ".",
            trails[0].urn,
        )


cis_alarms_complete = stack_policy(
    "cis-alarms-complete",
    "Every CIS AWS Foundations 4.1-4.15 event has a metric filter and an alarm with an action.",
    _validate_cis_alarms,
    Controls(("CC7.2", "CC7.3"), ("10.4.1.1", "10.7.2"), ("4.1-4.15",)),
    severity=Severity.HIGH,
    spans="a CIS event is covered by a metric filter and an alarm on its metric, two resources besides the trail",
    rules=tuple(f"cis-{control}" for control in CIS_SIGNATURES),
)


def _validate_break_glass_alerting(args, report_violation):
    config = config_of(args)
    tag = config.get("breakGlassTag", "org-iam:break-glass")
    principals = [
        r
        for r in of_type(args.resources, "aws:iam/role:Role", "aws:iam/user:User")
        if str(tags_of(r.props).get(tag, "")).lower() == "true"
    ]
    if not principals:
        args.not_applicable("no break-glass principals in this stack")
        return
    watched = " ".join(_alarmed_patterns(args.resources))
    watched += " ".join(
        str(rule.props.get("eventPattern") or "")
        for rule in of_type(args.resources, "aws:cloudwatch/eventRule:EventRule")
        if any(
            rule in dependencies(t, "rule")
            for t in of_type(args.resources, "aws:cloudwatch/eventTarget:EventTarget")
        )
    )
    for principal in principals:
        name = principal.props.get("name") or principal.name
        if name not in watched:
            report_violation(
                f"The break-glass principal '{name}' is not watched by any alarm or EventBridge "
                "rule; every use must page security.",
                principal.urn,
            )


break_glass_alerting = stack_policy(
    "break-glass-alerting",
    "Every break-glass user and role is watched by an actioned alarm or an EventBridge rule with a target.",
    _validate_break_glass_alerting,
    Controls(("CC7.2", "CC7.3"), ("10.2.1.2", "8.6.1")),
    severity=Severity.CRITICAL,
    config=schema(breakGlassTag={"type": "string", "default": "org-iam:break-glass"}),
    spans="a break-glass principal is watched by alarms or EventBridge rules, other resources",
)


POLICIES = [
    cloudtrail_org_trail_hardened,
    cloudtrail_records_management_events,
    log_archive_object_lock,
    log_group_retention,
    kms_key_rotation,
    alarm_has_actions,
    sns_topic_encrypted,
    cis_alarms_complete,
    break_glass_alerting,
]
