"""Metric filters and alarms on the trail's log group, one pair per catalogue entry, every
alarm notifying the blueprint's alert topic; and an EventBridge rule that sends break-glass use
to the break-glass topic at once (alarms lag by their period). CloudTrail hands an event to
EventBridge only in the Region where it happened, so the other allowed Regions forward
break-glass events to the home Region's bus."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from monitoring.alarm_catalog import MonitoringContext, alarms_for
from org.directory import AccountDirectory

NAMESPACE = "org-iam/Security"
# STS AssumeRole is a read-only management event: a rule in state ENABLED never receives it.
ALL_MANAGEMENT_EVENTS = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"


@dataclass(frozen=True)
class SecurityAlarmsArgs:
    blueprint: Blueprint
    directory: AccountDirectory
    log_group_name: pulumi.Input[str]  # the trail's log group, which the filters read
    topics: dict[str, aws.sns.Topic]  # by topic name


class SecurityAlarms(pulumi.ComponentResource):
    def __init__(self, name: str, args: SecurityAlarmsArgs, opts=None):
        super().__init__("org-iam:monitoring:SecurityAlarms", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        log_group_name, topics = args.log_group_name, args.topics
        child = pulumi.ResourceOptions(parent=self, provider=directory.management.provider)
        ctx = MonitoringContext.from_blueprint(blueprint)
        topic = topics[blueprint.monitoring.alert_topic]
        self.alarms: dict[str, aws.cloudwatch.MetricAlarm] = {}
        for spec in alarms_for(blueprint):
            metric = f"org-iam-{spec.key}"
            metric_filter = aws.cloudwatch.LogMetricFilter(
                spec.key,
                name=metric,
                log_group_name=log_group_name,
                pattern=spec.pattern(ctx),
                metric_transformation={
                    "name": metric,
                    "namespace": NAMESPACE,
                    "value": "1",
                    "default_value": "0",
                },
                opts=child,
            )
            label = f"CIS {spec.cis}: " if spec.cis else ""
            controls = (
                f"SOC 2 {', '.join(spec.controls.soc2)}; PCI-DSS {', '.join(spec.controls.pci_dss)}"
            )
            self.alarms[spec.key] = aws.cloudwatch.MetricAlarm(
                spec.key,
                name=metric,
                alarm_description=f"{label}{spec.title}. Controls: {controls}.",
                namespace=NAMESPACE,
                metric_name=metric,
                statistic="Sum",
                period=300,
                evaluation_periods=1,
                threshold=1,
                comparison_operator="GreaterThanOrEqualToThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[topic.arn],
                opts=pulumi.ResourceOptions(
                    parent=self, provider=directory.management.provider, depends_on=[metric_filter]
                ),
            )
        if "break_glass" in blueprint.monitoring.alarm_sets:
            rule = aws.cloudwatch.EventRule(
                "break-glass-used",
                name="org-iam-break-glass-used",
                description="Break-glass console sign-in or role assumption",
                state=ALL_MANAGEMENT_EVENTS,
                event_pattern=pulumi.Output.json_dumps(
                    documents.break_glass_event_pattern(
                        ctx.management_id, ctx.break_glass_users, ctx.break_glass_role
                    )
                ),
                opts=child,
            )
            aws.cloudwatch.EventTarget(
                "break-glass-used",
                rule=rule.name,
                arn=topics[blueprint.break_glass.alert_topic].arn,
                opts=child,
            )
            self._forward_to_home_region(blueprint, directory, ctx, rule.event_pattern)
        key_rule = aws.cloudwatch.EventRule(
            "monitoring-key-tampering",
            name="org-iam-monitoring-key-tampering",
            description="A KMS key of the management account disabled, re-policied or deleted",
            event_pattern=json.dumps(documents.key_tampering_event_pattern()),
            opts=child,
        )
        aws.cloudwatch.EventTarget(
            "monitoring-key-tampering", rule=key_rule.name, arn=topic.arn, opts=child
        )
        self.register_outputs({})

    def _forward_to_home_region(self, blueprint, directory, ctx, event_pattern) -> None:
        home = blueprint.organization.home_region
        others = [region for region in sorted(directory.management_regional) if region != home]
        if not others:
            return
        child = pulumi.ResourceOptions(parent=self, provider=directory.management.provider)
        home_bus = documents.default_event_bus(blueprint.partition, home, ctx.management_id)
        role = aws.iam.Role(
            "break-glass-forwarder",
            name="org-iam-break-glass-forwarder",
            assume_role_policy=json.dumps(documents.event_forwarder_trust(ctx.management_id)),
            opts=child,
        )
        permission = aws.iam.RolePolicy(
            "break-glass-forwarder",
            role=role.id,
            policy=json.dumps(documents.event_forwarder_policy(home_bus)),
            opts=child,
        )
        for region in others:
            provider = directory.management_regional[region]
            rule = aws.cloudwatch.EventRule(
                f"break-glass-used:{region}",
                name="org-iam-break-glass-used",
                description=f"Break-glass use in {region}, forwarded to {home}",
                state=ALL_MANAGEMENT_EVENTS,
                event_pattern=event_pattern,
                opts=pulumi.ResourceOptions(parent=self, provider=provider),
            )
            aws.cloudwatch.EventTarget(
                f"break-glass-used:{region}",
                rule=rule.name,
                arn=home_bus,
                role_arn=role.arn,
                opts=pulumi.ResourceOptions(
                    parent=self, provider=provider, depends_on=[permission]
                ),
            )
