"""Metric filters and alarms on the trail's log group, one pair per catalogue entry, every
alarm notifying the blueprint's alert topic; and an EventBridge rule that sends break-glass use
to the break-glass topic at once (alarms lag by their period)."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from monitoring.alarm_catalog import MonitoringContext, alarms_for
from org.directory import AccountDirectory

NAMESPACE = "org-iam/Security"


class SecurityAlarms(pulumi.ComponentResource):
    def __init__(
        self,
        name: str,
        blueprint: Blueprint,
        directory: AccountDirectory,
        log_group_name: pulumi.Input[str],
        topics: dict[str, aws.sns.Topic],
        opts=None,
    ):
        super().__init__("org-iam:monitoring:SecurityAlarms", name, None, opts)
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
        self.register_outputs({})
