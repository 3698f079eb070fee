"""The paths by which security events reach the alert topic: the break-glass rules receive
AssumeRole (a read-only event), no single key silences both the logs and the alerts, tampering
with the management account's keys and Access Analyzer's external-access findings page at once,
and an analyzer runs in every allowed Region."""

from __future__ import annotations

import json

import pytest
from moto.events.models import EventPattern

from monitoring.alarms import ALL_MANAGEMENT_EVENTS
from monitoring.documents import external_access_finding_pattern, key_tampering_event_pattern
from tests.conftest import FIXTURES
from tests.independent_validators import moto_validate, parliament_findings

RULE = "aws:cloudwatch/eventRule:EventRule"
TARGET = "aws:cloudwatch/eventTarget:EventTarget"


def _rules(program) -> dict:
    return {r.name: r for r in program.by_type(RULE)}


def test_assume_role_records_are_read_only_so_the_rules_take_all_management_events():
    record = json.loads(
        (FIXTURES / "cloudtrail" / "eventbridge" / "break-glass-assume-role.json").read_text()
    )
    assert record["detail"]["readOnly"] is True  # what makes state ENABLED miss it


def test_every_break_glass_rule_receives_read_only_management_events(prod_program):
    rules = [r for name, r in _rules(prod_program).items() if name.startswith("break-glass-used")]
    assert len(rules) == 2
    for rule in rules:
        assert rule.inputs["state"] == ALL_MANAGEMENT_EVENTS
        assert "isEnabled" not in rule.inputs


def test_the_log_group_and_the_alert_topics_use_different_keys(prod_program):
    (log_group,) = [
        g for g in prod_program.by_type("aws:cloudwatch/logGroup:LogGroup") if g.name == "org-trail"
    ]
    topic_keys = {t.inputs["kmsMasterKeyId"] for t in prod_program.by_type("aws:sns/topic:Topic")}
    logs_key = prod_program.named("aws:kms/key:Key", "trail-log-group")
    alerts_key = prod_program.named("aws:kms/key:Key", "alert-topics")
    assert logs_key.id in log_group.inputs["kmsKeyId"]
    assert all(alerts_key.id in key for key in topic_keys)
    assert not any(logs_key.id in key for key in topic_keys)
    assert alerts_key.id not in log_group.inputs["kmsKeyId"]
    for key in (logs_key, alerts_key):
        policy = json.loads(key.inputs["policy"])
        services = {
            service for statement in policy["Statement"] for service in _services(statement)
        }
        if key is logs_key:
            assert services == {"logs.us-east-1.amazonaws.com"}
        else:
            assert services == {"cloudwatch.amazonaws.com", "events.amazonaws.com"}
        moto_validate(key.inputs["policy"])
        reason = "in a key policy, Resource '*' means this key and is the only valid value"
        assert parliament_findings(key.inputs["policy"], resource_star_reason=reason) == []


def _services(statement) -> list[str]:
    value = statement["Principal"].get("Service", [])
    return [value] if isinstance(value, str) else value


def _event(source: str, detail_type: str, detail: dict) -> dict:
    return {
        "version": "0",
        "id": "0",
        "detail-type": detail_type,
        "source": source,
        "account": "100000000001",
        "time": "2026-11-28T10:15:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }


@pytest.mark.parametrize(
    "event_name, alerted",
    [
        ("DisableKey", True),
        ("ScheduleKeyDeletion", True),
        ("PutKeyPolicy", True),
        ("Decrypt", False),
    ],
)
def test_key_tampering_pattern(event_name, alerted):
    pattern = EventPattern.load(json.dumps(key_tampering_event_pattern()))
    event = _event(
        "aws.kms",
        "AWS API Call via CloudTrail",
        {"eventSource": "kms.amazonaws.com", "eventName": event_name},
    )
    assert pattern.matches_event(event) is alerted


def test_key_tampering_rule_targets_the_alert_topic(prod_program):
    rule = _rules(prod_program)["monitoring-key-tampering"]
    assert json.loads(rule.inputs["eventPattern"]) == key_tampering_event_pattern()
    target = prod_program.named(TARGET, "monitoring-key-tampering")
    (topic,) = [
        t for t in prod_program.by_type("aws:sns/topic:Topic") if t.name == "security-critical"
    ]
    assert topic.id in target.inputs["arn"] or target.inputs["arn"].endswith(":security-critical")


@pytest.mark.parametrize("status, alerted", [("ACTIVE", True), ("ARCHIVED", False)])
def test_external_access_findings_pattern(status, alerted):
    pattern = EventPattern.load(json.dumps(external_access_finding_pattern()))
    event = _event(
        "aws.access-analyzer",
        "Access Analyzer Finding",
        {"status": status, "resourceType": "AWS::IAM::Role", "isPublic": False},
    )
    assert pattern.matches_event(event) is alerted


def test_findings_of_every_region_reach_the_management_topic(prod_program):
    rules = _rules(prod_program)
    regional = {n for n in rules if n.startswith("external-access-findings:")}
    assert regional == {"external-access-findings:us-east-1", "external-access-findings:us-west-2"}
    for name in regional:
        target = prod_program.named(TARGET, name)
        assert target.inputs["arn"] == "arn:aws:events:us-east-1:100000000001:event-bus/default"
        region = name.split(":", 1)[1]
        provider = prod_program.named("pulumi:providers:aws", f"security-tooling-{region}").urn
        assert rules[name].provider.startswith(provider + "::")
    permission = prod_program.named(
        "aws:cloudwatch/eventPermission:EventPermission", "security-account-findings"
    )
    assert permission.inputs["principal"] == "100000000003"
    forwarder = prod_program.named("aws:iam/role:Role", "findings-forwarder")
    trust = forwarder.inputs["assumeRolePolicy"]
    moto_validate(trust, trust_policy=True)
    assert parliament_findings(trust, trust_policy=True) == []
    assert json.loads(trust)["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "100000000003"}
    }


def test_an_organization_analyzer_runs_in_every_allowed_region(prod_program):
    analyzers = [
        a
        for a in prod_program.by_type("aws:accessanalyzer/analyzer:Analyzer")
        if a.inputs["type"] == "ORGANIZATION"
    ]
    regions = sorted(
        a.provider.split("::")[-2].rsplit("security-tooling-", 1)[-1] for a in analyzers
    )
    assert len(analyzers) == 2
    assert regions == ["us-east-1", "us-west-2"]


def test_config_service_trusts_name_the_account(prod_program):
    for name in ("config-aggregator", "config-recorder@management"):
        role = prod_program.named("aws:iam/role:Role", name)
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Condition"]["StringEquals"]["aws:SourceAccount"]
