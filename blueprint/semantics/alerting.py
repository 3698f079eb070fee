"""Checks that every alert destination the blueprint names exists."""

from __future__ import annotations

from blueprint.semantics.context import Context


def check_topic_references(ctx: Context) -> None:
    topics = ctx.blueprint.alerting.topics
    references = {
        ("break_glass", "alert_topic"): ctx.blueprint.break_glass.alert_topic,
        ("monitoring", "alert_topic"): ctx.blueprint.monitoring.alert_topic,
    }
    for where, name in references.items():
        if name not in topics:
            ctx.unknown(where, "alert topic", name, topics)
    for name, topic in sorted(topics.items()):
        if not topic.subscribers:
            ctx.warning(
                ("alerting", "topics", name),
                f"alert topic '{name}' has no subscribers; alarms would reach nobody",
                at_key=True,
            )
