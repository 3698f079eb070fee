"""Alert topics from the blueprint: KMS-encrypted, TLS-only, publishable by this account's
CloudWatch alarms and EventBridge rules. Email subscribers must confirm the first message."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from blueprint.model import Blueprint
from monitoring import documents
from org.directory import AccountDirectory


class AlertTopics(pulumi.ComponentResource):
    def __init__(
        self,
        name: str,
        blueprint: Blueprint,
        directory: AccountDirectory,
        key_arn: pulumi.Input[str],
        opts=None,
    ):
        super().__init__("org-iam:monitoring:AlertTopics", name, None, opts)
        management_id = blueprint.management_account_id
        child = pulumi.ResourceOptions(parent=self, provider=directory.management.provider)
        self.topics: dict[str, aws.sns.Topic] = {}
        for topic_name, topic in sorted(blueprint.alerting.topics.items()):
            resource = aws.sns.Topic(
                topic_name,
                name=topic_name,
                display_name=(topic.description or topic_name)[:100],
                kms_master_key_id=key_arn,
                opts=child,
            )
            aws.sns.TopicPolicy(
                topic_name,
                arn=resource.arn,
                policy=pulumi.Output.json_dumps(
                    documents.topic_policy(resource.arn, management_id)
                ),
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
