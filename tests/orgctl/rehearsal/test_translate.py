"""The translator turns a plan into Terraform JSON with the provider's names, references where
values came from other resources, aliased providers, imports and lifecycle rules."""

from __future__ import annotations

import json

import pytest

from orgctl.rehearsal import names
from orgctl.rehearsal.translate import translate
from tests.orgctl.rehearsal.plans import ACCOUNT, ATTACH, SCHEMA, SCP, small_plan

ENDPOINT = "http://127.0.0.1:4566"


def _config(plan=None, **options):
    return translate(plan or small_plan(), SCHEMA, ENDPOINT, **options)


def test_types_follow_the_rule_and_the_exception_table():
    known = {"aws_cloudtrail", "aws_iam_role", "aws_config_configuration_recorder"}
    assert names.resource_type("aws:iam/role:Role", known) == "aws_iam_role"
    assert names.resource_type("aws:cloudtrail/trail:Trail", known) == "aws_cloudtrail"
    assert (
        names.resource_type("aws:cfg/recorder:Recorder", known)
        == "aws_config_configuration_recorder"
    )
    with pytest.raises(names.UnknownName, match="aws:iam/nothing:Nothing"):
        names.resource_type("aws:iam/nothing:Nothing", known)


def test_properties_follow_the_schema_renames_and_singular_blocks():
    alarm = "aws:cloudwatch/metricAlarm:MetricAlarm"
    assert names.attribute(alarm, "name", {"alarm_name", "name_prefix"}) == "alarm_name"
    assert names.attribute("aws:s3/x:X", "rules", {"rule"}) == "rule"
    assert names.attribute("aws:s3/x:X", "eventSelectors", {"event_selector"}) == "event_selector"
    assert names.attribute("aws:s3/x:X", "policies", {"policy"}) == "policy"
    with pytest.raises(names.UnknownName, match="'colour'"):
        names.attribute("aws:s3/x:X", "colour", {"color"})


def test_values_from_other_resources_become_references():
    config = _config().config
    ou = config["resource"]["aws_organizations_organizational_unit"]["Workloads"]
    assert ou["parent_id"] == "${aws_organizations_organization.organization.roots[0].id}"
    attachment = config["resource"]["aws_organizations_policy_attachment"]["baseline_Workloads"]
    assert attachment["policy_id"] == "${aws_organizations_policy.baseline.id}"
    assert attachment["target_id"] == "${aws_organizations_organizational_unit.Workloads.id}"


def test_references_inside_policy_documents_keep_iam_variables_literal():
    role = _config().config["resource"]["aws_iam_role"]["deployer"]
    document = role["assume_role_policy"]
    assert "arn:aws:iam::${aws_organizations_account.dev.id}:root" in document
    assert "user/$${aws:username}" in document


def test_each_provider_is_an_alias_that_reaches_its_new_account_by_reference():
    providers = {p["alias"]: p for p in _config().config["provider"]["aws"]}
    member = providers["dev"]
    assert member["allowed_account_ids"] == ["${aws_organizations_account.dev.id}"]
    assert member["assume_role"] == [
        {
            "role_arn": "arn:aws:iam::${aws_organizations_account.dev.id}:role/"
            "OrganizationAccountAccessRole",
            "session_name": "org-iam",
        }
    ]
    assert member["skip_credentials_validation"] is False
    assert member["endpoints"] == [{"iam": ENDPOINT, "organizations": ENDPOINT, "sts": ENDPOINT}]
    role = _config().config["resource"]["aws_iam_role"]["deployer"]
    assert role["provider"] == "aws.dev"


def test_adoptions_become_imports_and_protect_prevents_destroy():
    config = _config().config
    assert config["import"] == [
        {
            "to": "aws_organizations_organization.organization",
            "id": "o-exampleorg01",
            "provider": "aws.management",
        }
    ]
    organization = config["resource"]["aws_organizations_organization"]["organization"]
    assert organization["lifecycle"] == [{"prevent_destroy": True}]
    account = config["resource"]["aws_organizations_account"]["dev"]
    assert account["lifecycle"] == [{"ignore_changes": ["email", "role_name"]}]


def test_renamed_attributes_and_numbers_take_the_provider_shape():
    alarm = _config().config["resource"]["aws_cloudwatch_metric_alarm"]["root-use"]
    assert alarm["alarm_name"] == "root-use"
    assert alarm["threshold"] == 1 and isinstance(alarm["threshold"], int)


def test_a_value_whose_dependency_was_removed_is_reported_with_its_urn():
    plan = small_plan()
    (attachment,) = [r for r in plan["deployment"]["resources"] if r["urn"] == ATTACH]
    attachment["propertyDependencies"]["policyId"] = []
    attachment["dependencies"].remove(SCP)

    translation = _config(plan)

    body = translation.config["resource"]["aws_organizations_policy_attachment"]
    assert body["baseline_Workloads"]["policy_id"] == "p-mock0a1b2c"
    (problem,) = translation.problems
    assert problem.urn == ATTACH and problem.kind == "undeclared-dependency"
    assert SCP in problem.message


def test_resources_applied_in_an_earlier_batch_are_read_as_values():
    plan = small_plan()
    include = {r["urn"] for r in plan["deployment"]["resources"] if r.get("custom")} - {ACCOUNT}
    translation = _config(plan, include=include, applied={ACCOUNT: {"id": "123456789012"}})

    role = translation.config["resource"]["aws_iam_role"]["deployer"]
    assert "arn:aws:iam::123456789012:root" in role["assume_role_policy"]
    assert "aws_organizations_account" not in translation.config["resource"]
    assert translation.problems == []


def test_the_configuration_is_plain_json():
    text = json.dumps(_config().config, sort_keys=True)
    assert json.loads(text)["terraform"]["required_providers"]["aws"]["version"] == "5.100.0"
