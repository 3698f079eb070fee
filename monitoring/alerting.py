"""Alert topics from the blueprint: KMS-encrypted with a key of their own (not the log group's,
so no single key silences both the logs and the alerts), TLS-only, publishable by this account's
CloudWatch alarms and EventBridge rules. Email subscribers must confirm the first message."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from org.directory import AccountDirectory


@dataclass(frozen=True)
class AlertTopicsArgs:
    blueprint: Blueprint
    directory: AccountDirectory


class AlertTopics(pulumi.ComponentResource):
    def __init__(self, name: str, args: AlertTopicsArgs, opts=None):
        super().__init__("org-iam:monitoring:AlertTopics", name, None, opts)
        blueprint, directory = args.blueprint, args.directory
        management_id = blueprint.management_account_id
        provider = directory.management.provider
        child = pulumi.ResourceOptions(parent=self, provider=provider)
        self.key = aws.kms.Key(
            "alert-topics",
            description="org-iam: the security alert topics",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=json.dumps(documents.alert_topic_key_policy(blueprint.partition, management_id)),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, protect=True),
        )
        aws.kms.Alias(
            "alert-topics",
            name="alias/org-iam-alert-topics",
            target_key_id=self.key.id,
            opts=child,
        )
        self.topics: dict[str, aws.sns.Topic] = {}
        for topic_name, topic in sorted(blueprint.alerting.topics.items()):
            resource = aws.sns.Topic(
                topic_name,
                name=topic_name,
                display_name=(topic.description or topic_name)[:100],
                kms_master_key_id=self.key.arn,
                opts=child,
            )
            # The ARN from the name (known before deployment), so the policy pack judges the
            # policy at the first preview; the arn argument still orders it after the topic.
            known_arn = (
                f"arn:{blueprint.partition}:sns:{blueprint.organization.home_region}:"
                f"{management_id}:{topic_name}"
            )
            aws.sns.TopicPolicy(
                topic_name,
                arn=resource.arn,
                policy=json.dumps(documents.topic_policy(known_arn, management_id)),
                opts=child,
            )
            for subscriber in sorted(topic.subscribers, key=lambda s: (s.protocol, s.endpoint)):
                aws.sns.TopicSubscription(
                    f"{topic_name}:{subscriber.protocol}:{subscriber.endpoint}",
                    topic=resource.arn,
                    protocol=subscriber.protocol,
                    endpoint=subscriber.endpoint,
                    opts=child,
                )
            self.topics[topic_name] = resource
        self.register_outputs({"topics": {n: t.arn for n, t in self.topics.items()}})
