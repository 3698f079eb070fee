"""Pulumi names -> Terraform names. The rule is mechanical (pulumi-aws derives its tokens from
the Terraform names); the tables hold the documented exceptions, and every answer is checked
against the provider's own schema, so a wrong guess fails loudly instead of translating."""

from __future__ import annotations

import re

# Pulumi module -> Terraform service prefix, where pulumi-aws renamed the module.
MODULE_PREFIX = {"cfg": "config"}

# Pulumi type token -> Terraform resource type, where the rule above does not give it.
RESOURCE_TYPE = {
    "aws:cloudtrail/trail:Trail": "aws_cloudtrail",
    "aws:cfg/recorder:Recorder": "aws_config_configuration_recorder",
    "aws:cfg/recorderStatus:RecorderStatus": "aws_config_configuration_recorder_status",
}

# (Pulumi type token, Pulumi property) -> Terraform attribute, where pulumi-aws renamed it.
PROPERTY = {
    ("aws:cloudwatch/metricAlarm:MetricAlarm", "name"): "alarm_name",
    ("aws:sns/topicSubscription:TopicSubscription", "topic"): "topic_arn",
}

# Pulumi invoke token -> Terraform data source.
DATA_SOURCE = {
    "aws:ssoadmin/getInstances:getInstances": "aws_ssoadmin_instances",
    "aws:identitystore/getGroup:getGroup": "aws_identitystore_group",
}


class UnknownName(LookupError):
    """A Pulumi name with no counterpart in the provider schema."""


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def singular(name: str) -> list[str]:
    """Pulumi pluralises list blocks (`rules`, `eventSelectors`); Terraform names them singly."""
    if name.endswith("ies"):
        return [name[:-3] + "y"]
    if name.endswith("ses") or name.endswith("xes"):
        return [name[:-2], name[:-1]]
    if name.endswith("s"):
        return [name[:-1]]
    return []


def resource_type(token: str, known: set[str]) -> str:
    if token in RESOURCE_TYPE:
        return RESOURCE_TYPE[token]
    _package, module_path, class_name = token.split(":")
    module = module_path.split("/", 1)[0]
    prefix = MODULE_PREFIX.get(module, module)
    for candidate in (f"aws_{prefix}_{snake(class_name)}", f"aws_{snake(class_name)}"):
        if candidate in known:
            return candidate
    raise UnknownName(f"{token}: no resource type of the provider matches")


def data_source(token: str, known: set[str]) -> str:
    found = DATA_SOURCE.get(token)
    if found is None or found not in known:
        raise UnknownName(f"{token}: no data source of the provider matches")
    return found


def attribute(token: str, prop: str, known: set[str]) -> str:
    """The block's own name for `prop` (an attribute or a nested block)."""
    if (token, prop) in PROPERTY and PROPERTY[(token, prop)] in known:
        return PROPERTY[(token, prop)]
    base = snake(prop)
    for candidate in (base, *singular(base)):
        if candidate in known:
            return candidate
    raise UnknownName(f"{token}: property '{prop}' has no attribute or block in the provider")
