"""Build the monitoring domain: log archive, organization trail, alert topics, alarms and the
organization-wide security services."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from blueprint.model import Blueprint
from monitoring.alarms import SecurityAlarms, SecurityAlarmsArgs
from monitoring.alerting import AlertTopics, AlertTopicsArgs
from monitoring.external_access_alerts import ExternalAccessAlerts, ExternalAccessAlertsArgs
from monitoring.log_archive import LogArchive, LogArchiveArgs
from monitoring.security_services import SecurityServices, SecurityServicesArgs
from monitoring.trail import OrganizationTrail, OrganizationTrailArgs, trail_arn
from org.directory import AccountDirectory


@dataclass(frozen=True)
class MonitoringFoundationArgs:
    blueprint: Blueprint
    directory: AccountDirectory


class MonitoringFoundation(pulumi.ComponentResource):
    def __init__(self, name: str, args: MonitoringFoundationArgs, opts=None):
        super().__init__("org-iam:monitoring:MonitoringFoundation", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        child = pulumi.ResourceOptions(parent=self)
        archive = LogArchive(
            "log-archive",
            LogArchiveArgs(blueprint, directory, trail_arn(blueprint, blueprint.partition)),
            opts=child,
        )
        self.trail = OrganizationTrail(
            "org-trail",
            OrganizationTrailArgs(
                blueprint,
                directory,
                archive.trail_bucket.bucket.id,
                archive.key.arn,
                waits_for=[archive],
            ),
            opts=child,
        )
        topics = AlertTopics("alerting", AlertTopicsArgs(blueprint, directory), opts=child)
        SecurityAlarms(
            "alarms",
            SecurityAlarmsArgs(blueprint, directory, self.trail.log_group.name, topics.topics),
            opts=child,
        )
        if blueprint.monitoring.access_analyzer:
            ExternalAccessAlerts(
                "external-access-alerts",
                ExternalAccessAlertsArgs(
                    blueprint, directory, topics.topics[blueprint.monitoring.alert_topic]
                ),
                opts=child,
            )
        SecurityServices(
            "security-services",
            SecurityServicesArgs(
                blueprint, directory, archive.config_bucket.bucket.id, archive.key.arn
            ),
            opts=child,
        )
        self.register_outputs({"trail_arn": self.trail.trail.arn})
