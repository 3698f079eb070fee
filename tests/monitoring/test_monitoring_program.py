"""The monitoring domain under Pulumi mocks, on blueprints/prod.yaml."""

from __future__ import annotations

import json

from tests.conftest import STAGING
from tests.independent_validators import moto_validate, parliament_findings
from tests.program_harness import run


def _one(prod_program, type_, name):
    return prod_program.named(type_, name)


def test_log_archive_bucket_is_object_locked_versioned_encrypted_and_private(prod_program):
    bucket = _one(prod_program, "aws:s3/bucket:Bucket", "log-archive")
    assert bucket.inputs["objectLockEnabled"] is True
    assert bucket.inputs["bucket"] == "example-corp-log-archive-100000000002-us-east-1"
    assert bucket.protect and bucket.retain_on_delete
    archive_provider = _one(prod_program, "pulumi:providers:aws", "log-archive").urn
    assert bucket.provider.startswith(archive_provider + "::")
    lock = _one(
        prod_program,
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "log-archive",
    )
    retention = lock.inputs["rule"]["defaultRetention"]
    assert retention["mode"] == "COMPLIANCE" and retention["days"] >= 365
    versioning = _one(prod_program, "aws:s3/bucketVersioning:BucketVersioning", "log-archive")
    assert versioning.inputs["versioningConfiguration"]["status"] == "Enabled"
    sse = _one(
        prod_program,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "log-archive",
    )
    rule = sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
    assert rule["sseAlgorithm"] == "aws:kms" and rule["kmsMasterKeyId"]
    block = _one(
        prod_program, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "log-archive"
    )
    assert all(
        block.inputs[k]
        for k in (
            "blockPublicAcls",
            "blockPublicPolicy",
            "ignorePublicAcls",
            "restrictPublicBuckets",
        )
    )
    lifecycle = _one(
        prod_program,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "log-archive",
    )
    (life,) = lifecycle.inputs["rules"]
    assert life["transitions"] == [{"days": 90, "storageClass": "GLACIER"}]
    assert life["expiration"]["days"] == 400


def test_log_archive_bucket_policy_is_tls_only_trail_writes_and_security_reads(prod_program):
    policy = json.loads(
        _one(prod_program, "aws:s3/bucketPolicy:BucketPolicy", "log-archive").inputs["policy"]
    )
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["DenyInsecureTransport"]["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }
    reads = statements.pop("SecurityAccountReadsTheLogs")
    assert reads["Principal"] == {"AWS": "arn:aws:iam::100000000003:root"}
    assert set(reads["Action"]) == {"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"}
    allows = [s for s in statements.values() if s["Effect"] == "Allow"]
    assert {s["Principal"]["Service"] for s in allows} == {"cloudtrail.amazonaws.com"}
    trail_arn = "arn:aws:cloudtrail:us-east-1:100000000001:trail/example-corp-org-trail"
    assert all(s["Condition"]["StringEquals"]["aws:SourceArn"] == trail_arn for s in allows)
    moto_validate(json.dumps(policy))
    assert parliament_findings(json.dumps(policy)) == []


def test_access_logs_go_to_a_separate_unlocked_bucket(prod_program):
    logging = _one(prod_program, "aws:s3/bucketLogging:BucketLogging", "log-archive")
    access = _one(prod_program, "aws:s3/bucket:Bucket", "access-logs")
    assert logging.inputs["targetBucket"] == access.id
    assert "objectLockEnabled" not in access.inputs or not access.inputs["objectLockEnabled"]


def test_keys_rotate_and_are_administered_only_inside_their_account(prod_program):
    keys = (
        ("log-archive", "100000000002"),
        ("trail-log-group", "100000000001"),
        ("alert-topics", "100000000001"),
    )
    for name, account in keys:
        key = _one(prod_program, "aws:kms/key:Key", name)
        assert key.inputs["enableKeyRotation"] is True
        policy = json.loads(key.inputs["policy"])
        admins = [s for s in policy["Statement"] if s["Action"] == "kms:*"]
        assert [a["Principal"] for a in admins] == [{"AWS": f"arn:aws:iam::{account}:root"}]
        moto_validate(json.dumps(policy))
        reason = "in a key policy, Resource '*' means this key and is the only valid value"
        assert parliament_findings(json.dumps(policy), resource_star_reason=reason) == []


def test_organization_trail_is_hardened_and_writes_to_the_locked_bucket(prod_program):
    trail = _one(prod_program, "aws:cloudtrail/trail:Trail", "org-trail")
    inputs = trail.inputs
    assert inputs["isOrganizationTrail"] and inputs["isMultiRegionTrail"]
    assert inputs["includeGlobalServiceEvents"] and inputs["enableLogFileValidation"]
    assert inputs["kmsKeyId"] == _one(prod_program, "aws:kms/key:Key", "log-archive").inputs.get(
        "arn", inputs["kmsKeyId"]
    )
    assert inputs["s3BucketName"] == _one(prod_program, "aws:s3/bucket:Bucket", "log-archive").id
    log_group = _one(prod_program, "aws:cloudwatch/logGroup:LogGroup", "org-trail")
    assert inputs["cloudWatchLogsGroupArn"].startswith(log_group.inputs.get("arn", "arn:"))
    assert log_group.inputs["retentionInDays"] >= 90 and log_group.inputs["kmsKeyId"]
    assert trail.protect
    management = _one(prod_program, "pulumi:providers:aws", "management").urn
    assert trail.provider.startswith(management + "::")


def test_every_metric_filter_has_an_alarm_that_notifies_security_critical(prod_program):
    filters = prod_program.by_type("aws:cloudwatch/logMetricFilter:LogMetricFilter")
    alarms = {a.name: a for a in prod_program.by_type("aws:cloudwatch/metricAlarm:MetricAlarm")}
    topic = _one(prod_program, "aws:sns/topic:Topic", "security-critical")
    assert len(filters) >= 19
    for metric_filter in filters:
        alarm = alarms[metric_filter.name]
        metric = metric_filter.inputs["metricTransformation"]
        assert alarm.inputs["metricName"] == metric["name"]
        assert alarm.inputs["namespace"] == metric["namespace"]
        assert alarm.inputs["alarmActions"] == [
            topic.inputs.get("arn", alarm.inputs["alarmActions"][0])
        ]
        assert alarm.inputs["threshold"] == 1 and alarm.inputs["statistic"] == "Sum"
    assert topic.inputs["kmsMasterKeyId"]


def test_break_glass_use_is_sent_to_the_topic_at_once(prod_program):
    rule = _one(prod_program, "aws:cloudwatch/eventRule:EventRule", "break-glass-used")
    target = _one(prod_program, "aws:cloudwatch/eventTarget:EventTarget", "break-glass-used")
    assert target.inputs["rule"] == rule.inputs["name"]
    pattern = json.loads(rule.inputs["eventPattern"])
    assert len(pattern["$or"]) == 2


def test_other_allowed_regions_forward_break_glass_use_to_the_home_region(prod_program):
    home_rule = _one(prod_program, "aws:cloudwatch/eventRule:EventRule", "break-glass-used")
    rule = _one(prod_program, "aws:cloudwatch/eventRule:EventRule", "break-glass-used:us-west-2")
    assert rule.inputs["eventPattern"] == home_rule.inputs["eventPattern"]
    west = _one(prod_program, "pulumi:providers:aws", "management-us-west-2").urn
    assert rule.provider.startswith(west + "::")
    target = _one(
        prod_program, "aws:cloudwatch/eventTarget:EventTarget", "break-glass-used:us-west-2"
    )
    assert target.inputs["arn"] == "arn:aws:events:us-east-1:100000000001:event-bus/default"
    assert target.inputs["roleArn"]
    role = _one(prod_program, "aws:iam/role:Role", "break-glass-forwarder")
    permission = _one(prod_program, "aws:iam/rolePolicy:RolePolicy", "break-glass-forwarder")
    assert (
        json.loads(permission.inputs["policy"])["Statement"][0]["Resource"] == target.inputs["arn"]
    )
    moto_validate(role.inputs["assumeRolePolicy"], trust_policy=True)
    assert parliament_findings(role.inputs["assumeRolePolicy"], trust_policy=True) == []
    moto_validate(permission.inputs["policy"])
    assert parliament_findings(permission.inputs["policy"]) == []
    rules = {r.name for r in prod_program.by_type("aws:cloudwatch/eventRule:EventRule")}
    assert {r for r in rules if r.startswith("break-glass")} == {
        "break-glass-used",
        "break-glass-used:us-west-2",
    }


def test_security_services_run_in_the_security_account(prod_program):
    security = {
        r.urn
        for r in prod_program.by_type("pulumi:providers:aws")
        if r.name.startswith("security-tooling-")
    }
    for type_ in (
        "aws:guardduty/detector:Detector",
        "aws:securityhub/account:Account",
        "aws:accessanalyzer/analyzer:Analyzer",
    ):
        for record in prod_program.by_type(type_):
            assert record.provider.rsplit("::", 1)[0] in security, record.name
    analyzers = {
        a.inputs["type"] for a in prod_program.by_type("aws:accessanalyzer/analyzer:Analyzer")
    }
    assert analyzers == {"ORGANIZATION", "ORGANIZATION_UNUSED_ACCESS"}


def test_security_hub_is_centrally_configured_for_every_account_and_allowed_region(prod_program):
    (aggregator,) = prod_program.by_type("aws:securityhub/findingAggregator:FindingAggregator")
    assert aggregator.inputs == {
        "linkingMode": "SPECIFIED_REGIONS",
        "specifiedRegions": ["us-west-2"],
    }
    (central,) = prod_program.by_type(
        "aws:securityhub/organizationConfiguration:OrganizationConfiguration"
    )
    assert central.inputs["organizationConfiguration"] == {"configurationType": "CENTRAL"}
    assert aggregator.urn in central.dependencies
    (policy,) = prod_program.by_type("aws:securityhub/configurationPolicy:ConfigurationPolicy")
    settings = policy.inputs["configurationPolicy"]
    assert settings["serviceEnabled"] is True
    assert (
        "arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1"
        in settings["enabledStandardArns"]
    )
    assert settings["securityControlsConfiguration"] == {"disabledControlIdentifiers": []}
    assert central.urn in policy.dependencies
    (association,) = prod_program.by_type(
        "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation"
    )
    assert association.inputs["targetId"].startswith("r-")  # the root: every account
    assert not prod_program.by_type("aws:securityhub/standardsSubscription:StandardsSubscription")


def test_security_hub_with_one_allowed_region_links_none():
    (aggregator,) = run(str(STAGING)).by_type("aws:securityhub/findingAggregator:FindingAggregator")
    assert aggregator.inputs == {"linkingMode": "NO_REGIONS"}


def test_a_single_region_organization_forwards_nothing():
    staging = run(str(STAGING))
    rules = [r.name for r in staging.by_type("aws:cloudwatch/eventRule:EventRule")]
    assert [r for r in rules if r.startswith("break-glass")] == ["break-glass-used"]
    assert not [
        r for r in staging.by_type("aws:iam/role:Role") if r.name == "break-glass-forwarder"
    ]


def test_config_records_every_account_in_every_allowed_region(prod_program):
    (stack_set,) = prod_program.by_type("aws:cloudformation/stackSet:StackSet")
    assert stack_set.inputs["permissionModel"] == "SERVICE_MANAGED"
    assert stack_set.inputs["autoDeployment"]["enabled"] is True
    (instances,) = prod_program.by_type("aws:cloudformation/stackInstances:StackInstances")
    assert instances.inputs["regions"] == ["us-east-1", "us-west-2"]
    assert instances.inputs["operationPreferences"]["regionOrders"][0] == "us-east-1"
    (target,) = instances.inputs["deploymentTargets"]["organizationalUnitIds"]
    assert target.startswith("r-")  # the root: every account, including future ones
    recorders = sorted(r.name for r in prod_program.by_type("aws:cfg/recorder:Recorder"))
    assert recorders == ["config@management:us-east-1", "config@management:us-west-2"]


def test_topic_and_trail_role_policies_pass_the_validators(prod_program):
    topic_policy = _one(
        prod_program, "aws:sns/topicPolicy:TopicPolicy", "security-critical"
    ).inputs["policy"]
    moto_validate(topic_policy)
    assert parliament_findings(topic_policy) == []
    role = _one(prod_program, "aws:iam/role:Role", "org-trail-to-logs").inputs["assumeRolePolicy"]
    moto_validate(role, trust_policy=True)
    assert parliament_findings(role, trust_policy=True) == []


def test_access_logging_waits_for_the_access_log_bucket_policy(prod_program):
    policy = _one(prod_program, "aws:s3/bucketPolicy:BucketPolicy", "access-logs")
    for purpose in ("log-archive", "config-history"):
        logging = _one(prod_program, "aws:s3/bucketLogging:BucketLogging", purpose)
        assert policy.urn in logging.dependencies


def test_locked_buckets_keep_versioning_on_delete_and_lock_after_it(prod_program):
    for purpose in ("log-archive", "config-history"):
        versioning = _one(prod_program, "aws:s3/bucketVersioning:BucketVersioning", purpose)
        lock = _one(
            prod_program,
            "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
            purpose,
        )
        assert versioning.retain_on_delete
        assert versioning.urn in lock.dependencies
    unlocked = _one(prod_program, "aws:s3/bucketVersioning:BucketVersioning", "access-logs")
    assert not unlocked.retain_on_delete
