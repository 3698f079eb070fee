"""Unknowns on a first preview: where the engine has them, and nowhere else."""

from __future__ import annotations

import json

from orgctl.export import to_export
from orgctl.mock_runtime import OfflineMocks, run_program
from orgctl.preview_unknowns import UNKNOWN, first_preview
from tests.conftest import PROD, REPO, TODAY

KEY = "aws:kms/key:Key"
TOPIC = "aws:sns/topic:Topic"


def resource(name, type_, inputs, *, deps=None, id_=None, import_id="", outputs=None):
    return {
        "urn": f"urn:pulumi:prod::org-iam::{type_}::{name}",
        "type": type_,
        "custom": True,
        "id": id_ or f"mock-{name}-0123456789",
        "importID": import_id,
        "inputs": inputs,
        "outputs": outputs if outputs is not None else dict(inputs),
        "propertyDependencies": {
            prop: [f"urn:pulumi:prod::org-iam::{t}::{n}" for t, n in names]
            for prop, names in (deps or {}).items()
        },
    }


def plan(*resources):
    return {"version": 3, "deployment": {"resources": list(resources)}}


def by_name(export):
    return {r["urn"].rsplit("::", 1)[-1]: r for r in export["deployment"]["resources"]}


KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/mock-cmk-0123456789"
TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:topic/mock-alerts-0123456789"


def test_an_arn_of_a_resource_not_yet_created_is_unknown():
    found = by_name(
        first_preview(
            plan(
                resource("cmk", KEY, {"enableKeyRotation": True}),
                resource(
                    "alerts",
                    TOPIC,
                    {"name": "alerts", "kmsMasterKeyId": KEY_ARN},
                    deps={"kmsMasterKeyId": [(KEY, "cmk")], "name": []},
                ),
            )
        )
    )
    assert found["alerts"]["inputs"] == {"name": "alerts", "kmsMasterKeyId": UNKNOWN}
    assert found["alerts"]["outputs"]["kmsMasterKeyId"] == UNKNOWN


def test_a_list_holding_an_unknown_keeps_its_other_elements():
    alarm = resource(
        "alarm",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        {"alarmActions": [TOPIC_ARN, "arn:aws:sns:us-east-1:111111111111:existing"]},
        deps={"alarmActions": [(TOPIC, "alerts")]},
    )
    found = by_name(first_preview(plan(resource("alerts", TOPIC, {"name": "alerts"}), alarm)))
    assert found["alarm"]["inputs"]["alarmActions"] == [
        UNKNOWN,
        "arn:aws:sns:us-east-1:111111111111:existing",
    ]


def test_a_document_built_around_an_unknown_is_wholly_unknown():
    document = json.dumps({"Statement": [{"Resource": TOPIC_ARN, "Effect": "Allow"}]})
    found = by_name(
        first_preview(
            plan(
                resource("alerts", TOPIC, {"name": "alerts"}),
                resource(
                    "policy",
                    "aws:sns/topicPolicy:TopicPolicy",
                    {"policy": document},
                    deps={"policy": [(TOPIC, "alerts")]},
                ),
            )
        )
    )
    assert found["policy"]["inputs"]["policy"] == UNKNOWN


def test_an_adopted_resource_is_read_at_preview_so_its_id_is_known():
    account = "aws:organizations/account:Account"
    found = by_name(
        first_preview(
            plan(
                resource("prod", account, {"name": "prod"}, id_="100000000002", import_id="1"),
                resource(
                    "assignment",
                    "aws:ssoadmin/accountAssignment:AccountAssignment",
                    {"targetId": "100000000002"},
                    deps={"targetId": [(account, "prod")]},
                ),
            )
        )
    )
    assert found["assignment"]["inputs"]["targetId"] == "100000000002"


def test_an_unknown_input_makes_what_is_built_from_it_unknown_in_turn():
    ou = "aws:organizations/organizationalUnit:OrganizationalUnit"
    found = by_name(
        first_preview(
            plan(
                resource("parent", ou, {"name": "parent"}, id_="ou-mock-parent01"),
                resource(
                    "child",
                    ou,
                    {"name": "child-of-ou-mock-parent01", "parentId": "ou-mock-parent01"},
                    deps={"parentId": [(ou, "parent")], "name": [(ou, "parent")]},
                    id_="ou-mock-child001",
                ),
                resource(
                    "user",
                    "aws:iam/user:User",
                    {"path": "/child-of-ou-mock-parent01/", "name": "static"},
                    deps={"path": [(ou, "child")], "name": [(ou, "child")]},
                ),
            )
        )
    )
    assert found["child"]["inputs"]["parentId"] == UNKNOWN
    assert found["user"]["inputs"] == {"path": UNKNOWN, "name": "static"}


def test_a_value_without_a_property_dependency_stays_known():
    found = by_name(
        first_preview(
            plan(
                resource("alerts", TOPIC, {"name": "alerts"}),
                resource(
                    "alarm",
                    "aws:cloudwatch/metricAlarm:MetricAlarm",
                    {"alarmActions": [TOPIC_ARN]},  # no recorded dependency: a literal
                ),
            )
        )
    )
    assert found["alarm"]["inputs"]["alarmActions"] == [TOPIC_ARN]


def test_computed_outputs_of_a_new_resource_are_unknown_and_traced():
    topic = resource(
        "alerts", TOPIC, {"name": "alerts"}, outputs={"name": "alerts", "arn": "arn:x:alerts-1"}
    )
    alarm = resource(
        "alarm",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        {"alarmActions": ["arn:x:alerts-1"]},
        deps={"alarmActions": [(TOPIC, "alerts")]},
    )
    found = by_name(first_preview(plan(topic, alarm)))
    assert found["alerts"]["outputs"] == {"name": "alerts", "arn": UNKNOWN}
    assert found["alarm"]["inputs"]["alarmActions"] == [UNKNOWN]


def test_the_plan_itself_is_left_unchanged():
    original = plan(
        resource("cmk", KEY, {}),
        resource("t", TOPIC, {"kmsMasterKeyId": KEY_ARN}, deps={"kmsMasterKeyId": [(KEY, "cmk")]}),
    )
    snapshot = json.dumps(original, sort_keys=True)
    first_preview(original)
    assert json.dumps(original, sort_keys=True) == snapshot


class _PreviewMocks(OfflineMocks):
    """As during `pulumi preview`: a resource to be created has no id and no outputs beyond
    its inputs yet (the SDK then treats every other output as unknown); an adopted one is read."""

    def new_resource(self, args):
        if args.resource_id:
            return super().new_resource(args)
        return ["", dict(args.inputs)]


def _as_sentinels(value):
    if type(value).__name__ == "Unknown":  # pulumi.output.Unknown, what the mock monitor sees
        return UNKNOWN
    if isinstance(value, dict):
        return {key: _as_sentinels(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_sentinels(item) for item in value]
    return value


def _unknown_paths(value, path=""):
    if value == UNKNOWN:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unknown_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unknown_paths(item, f"{path}[{index}]")


def test_the_plans_unknowns_are_the_ones_the_program_itself_has_in_a_preview(prod_plan):
    """The real program, run as a preview under mocks, sends the engine unknowns exactly where
    first_preview() puts them in its plan: same resources, same property paths."""
    config = {"org-iam:blueprint": str(PROD), "org-iam:today": TODAY.isoformat()}
    recorded = run_program(REPO, "prod", config, mock=_PreviewMocks(), preview=True)
    for registration in recorded.registrations:
        registration.inputs = _as_sentinels(registration.inputs)
    program = to_export(recorded.registrations, "prod")["deployment"]["resources"]
    derived = first_preview(prod_plan)["deployment"]["resources"]

    def unknowns(resources):
        return {r["urn"]: sorted(_unknown_paths(r.get("inputs") or {})) for r in resources}

    expected = unknowns(program)
    assert sum(map(len, expected.values())) > 200  # alarms, assignments, accounts, buckets...
    assert unknowns(derived) == expected
