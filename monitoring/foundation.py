"""Build the monitoring domain: log archive, organization trail, alert topics, alarms and the
organization-wide security services."""

from __future__ import annotations

import pulumi

from blueprint.model import Blueprint
from monitoring.alarms import SecurityAlarms
from monitoring.alerting import AlertTopics
from monitoring.external_access_alerts import ExternalAccessAlerts
from monitoring.log_archive import LogArchive
from monitoring.security_services import SecurityServices
from monitoring.trail import OrganizationTrail, trail_arn
from org.directory import AccountDirectory


class MonitoringFoundation(pulumi.ComponentResource):
    def __init__(self, name: str, blueprint: Blueprint, directory: AccountDirectory, opts=None):
        super().__init__("org-iam:monitoring:MonitoringFoundation", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        partition = blueprint.partition
        archive = LogArchive(
            "log-archive",
            blueprint,
            directory,
            trail_arn(blueprint, partition),
            partition,
            opts=child,
        )
        self.trail = OrganizationTrail(
            "org-trail",
            blueprint,
            directory,
            archive.trail_bucket.bucket.id,
            archive.key.arn,
            [archive],
            partition,
            opts=child,
        )
        topics = AlertTopics("alerting", blueprint, directory, opts=child)
        SecurityAlarms(
            "alarms", blueprint, directory, self.trail.log_group.name, topics.topics, opts=child
        )
        if blueprint.monitoring.access_analyzer:
            ExternalAccessAlerts(
                "external-access-alerts",
                blueprint,
                directory,
                topics.topics[blueprint.monitoring.alert_topic],
                opts=child,
            )
        SecurityServices(
            "security-services",
            blueprint,
            directory,
            archive.config_bucket.bucket.id,
            archive.key.arn,
            partition,
            opts=child,
        )
        self.register_outputs({"trail_arn": self.trail.trail.arn})
