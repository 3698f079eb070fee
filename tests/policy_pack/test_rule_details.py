"""What the rules judge beyond their one failing case: action names in any letter case, a
boundary known by its name, every resource type that carries a resource policy, and the forms
of an SCP condition that can or cannot match."""

from __future__ import annotations

import json

import pytest

from orgctl.policy_runner import ALL_POLICIES
from tests.policy_pack.cases import (
    ADMINISTERED,
    ANALYZERS,
    ARCHIVE,
    TOPIC_PUBLISH,
    TRAIL_WRITES,
    admin_set,
    analyzer_west,
    app_policy,
    archive_policy,
    assignment,
    boundary,
    pci_account,
    quarantine,
    replacing,
    scp,
    seed_boundary,
    without,
)
from tests.policy_pack.helpers import R, doc, findings

BY_NAME = {p.name: p for p in ALL_POLICIES}


def _violations(policy, stack, config=None):
    return [f.message for f in findings(BY_NAME[policy], stack, config) if f.kind == "violation"]


# --- action names are case-insensitive wherever privilege is judged ---------------------------


@pytest.mark.parametrize("action", ["iam:*", "IAM:*", "Iam:Pass*", "iam:passrole"])
def test_escalation_is_found_in_any_letter_case(action):
    policy = app_policy.but(policy=doc({"Effect": "Allow", "Action": action, "Resource": "*"}))
    (message,) = _violations("iam-no-privilege-escalation", [policy])
    assert "iam:PassRole" in message


def test_escalation_on_named_roles_only_passes():
    scoped = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/app-*"}
    assert _violations("iam-no-privilege-escalation", [app_policy.but(policy=doc(scoped))]) == []


def test_everything_but_a_few_services_is_escalation_too():
    not_action = {"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}
    # '*' on '*' through NotAction is iam-no-admin-wildcard's finding, not a second one here.
    assert (
        _violations("iam-no-privilege-escalation", [app_policy.but(policy=doc(not_action))]) == []
    )
    assert _violations("iam-no-admin-wildcard", [app_policy.but(policy=doc(not_action))])


def test_an_unconditional_deny_in_the_same_policy_takes_the_grant_back():
    deny = {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
    grant = {"Effect": "Allow", "Action": "IAM:*", "Resource": "*"}
    assert (
        _violations("iam-no-privilege-escalation", [app_policy.but(policy=doc(grant, deny))]) == []
    )
    conditional = {**deny, "Condition": {"Bool": {"aws:ViaAWSService": "false"}}}
    assert _violations(
        "iam-no-privilege-escalation", [app_policy.but(policy=doc(grant, conditional))]
    )


def test_snapshot_sharing_through_a_service_wildcard_is_found():
    ec2 = app_policy.but(policy=doc({"Effect": "Allow", "Action": "EC2:*", "Resource": "*"}))
    (message,) = _violations("iam-no-snapshot-sharing", [ec2])
    assert "ec2:ModifySnapshotAttribute" in message


def test_an_inline_iam_wildcard_makes_a_permission_set_administrator_level():
    inline = R(
        "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        "Admin:inline",
        {"inlinePolicy": doc({"Effect": "Allow", "Action": "IAM:*", "Resource": "*"})},
        deps={"permissionSetArn": ["Admin"]},
    )
    stack = [admin_set, inline, pci_account, assignment("Admin:g@pci", "Admin", "pci")]
    (message,) = _violations("sso-no-admin-in-pci-accounts", stack)
    assert "administrator-level" in message
    read_only = inline.but(
        inlinePolicy=doc({"Effect": "Allow", "Action": "IAM:Get*", "Resource": "*"})
    )
    assert _violations("sso-no-admin-in-pci-accounts", replacing(stack, inline, read_only)) == []


# --- a boundary is known by its configured name as well as by its tag --------------------------


def test_an_untagged_boundary_of_the_configured_name_is_still_judged():
    untagged = seed_boundary.but(tags=None)
    (message,) = _violations("iam-boundary-blocks-escalation", [untagged])
    assert "must deny iam:CreatePolicyVersion" in message
    assert _violations("iam-boundary-blocks-escalation", [boundary.but(tags=None)]) == []


def test_the_boundary_name_comes_from_config():
    renamed = seed_boundary.but(tags=None, name="TeamBoundary")
    assert _violations("iam-boundary-blocks-escalation", [renamed]) == []
    config = {"iam-boundary-blocks-escalation": {"boundaryName": "TeamBoundary"}}
    assert _violations("iam-boundary-blocks-escalation", [renamed], config)


# --- every resource type that carries a resource policy -----------------------------------------

PUBLIC = {"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}


@pytest.mark.parametrize(
    ("policy", "resource_type"),
    [
        ("kms-key-policy-not-public", "aws:kms/key:Key"),
        ("kms-key-policy-not-public", "aws:kms/keyPolicy:KeyPolicy"),
        ("sns-topic-policy-not-public", "aws:sns/topic:Topic"),
        ("sns-topic-policy-not-public", "aws:sns/topicPolicy:TopicPolicy"),
        ("s3-bucket-policy-not-public", "aws:s3/bucketPolicy:BucketPolicy"),
        ("s3-bucket-policy-not-public", "aws:s3/bucket:Bucket"),
    ],
)
def test_a_public_statement_is_found_on_every_type_that_carries_one(policy, resource_type):
    (message,) = _violations(policy, [R(resource_type, "x", {"policy": doc(ADMINISTERED, PUBLIC)})])
    assert "lets any principal ('*') in through Anyone" in message
    limited = {**PUBLIC, "Condition": {"StringEquals": {"AWS:PrincipalOrgID": "o-exampleorg01"}}}
    assert _violations(policy, [R(resource_type, "x", {"policy": doc(limited)})]) == []


def test_a_deny_to_everyone_is_not_public():
    assert _violations("s3-bucket-policy-not-public", ARCHIVE) == []
    assert _violations("s3-bucket-policy-not-public", [archive_policy]) == []


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceAccount": "111111111111"}},
        {"ArnLike": {"AWS:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*"}},
        {"StringEquals": {"aws:SourceOrgID": "o-exampleorg01"}},
        {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*:111111111111:*"}},
    ],
)
def test_a_service_grant_bound_to_its_source_passes(condition):
    grant = {**TRAIL_WRITES, "Condition": condition}
    key = R("aws:kms/key:Key", "k", {"policy": doc(ADMINISTERED, grant)})
    assert _violations("service-grants-name-their-source", [key]) == []


def test_an_unbound_service_grant_is_found_on_topics_and_queues():
    unbound = {**TOPIC_PUBLISH, "Condition": {}}
    for resource_type in ("aws:sns/topic:Topic", "aws:sqs/queuePolicy:QueuePolicy"):
        (message,) = _violations(
            "service-grants-name-their-source", [R(resource_type, "t", {"policy": doc(unbound)})]
        )
        assert "AlarmsPublish (cloudwatch.amazonaws.com)" in message


# --- SCP conditions and exemptions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "value", "matches"),
    [
        ("StringEquals", "Account", True),
        ("StringEquals", "Root", False),
        ("StringEquals", "account", False),
        ("StringEqualsIgnoreCase", "account", True),
        ("StringLike", "Assumed*", True),
        ("StringLike", "Ro*", False),
        ("StringNotEquals", "IAMUser", False),
        ("ForAnyValue:StringEquals", "FederatedUser", True),
    ],
)
def test_principal_type_values_are_those_aws_reports(operator, value, matches):
    statement = {"Sid": "S", "Effect": "Deny", "Action": "*", "Resource": "*",
                 "Condition": {operator: {"AWS:PrincipalType": value}}}  # fmt: skip
    found = _violations("scp-conditions-can-match", [scp("p", statement)])
    assert (found == []) is matches, found


def test_an_exemption_protected_by_a_wildcard_pattern_passes():
    exec_roles = "arn:aws:iam::*:role/stacksets-exec-*"
    exempting = scp(
        "guard",
        {"Sid": "G", "Effect": "Deny", "Action": "config:Delete*", "Resource": "*",
         "Condition": {"ArnNotLike": {"aws:PrincipalArn": [exec_roles]}}},
    )  # fmt: skip
    protecting = scp(
        "protect",
        {"Sid": "P", "Effect": "Deny", "Action": "IAM:Create*", "Resource": "arn:aws:iam::*:role/stacksets-*"},
    )  # fmt: skip
    assert _violations("scp-exemptions-protected", [exempting, protecting]) == []
    messages = _violations("scp-exemptions-protected", [exempting, quarantine])
    assert any(
        "The SCP 'guard' exempts arn:aws:iam::*:role/stacksets-exec-*" in m for m in messages
    )


def test_a_root_only_deny_all_does_not_protect_the_trail():
    root_only = {"Sid": "DenyRootUser", "Effect": "Deny", "Action": "*", "Resource": "*",
                 "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}  # fmt: skip
    from tests.policy_pack.cases import baseline, baseline_on_ou, member, organization, ou

    content = json.dumps({"Version": "2012-10-17", "Statement": [root_only]})
    stack = [organization, ou, member, baseline.but(content=content), baseline_on_ou]
    messages = _violations("scp-baseline-everywhere", stack)
    assert any(
        "no deny of leaving the organization, no CloudTrail protection" in m for m in messages
    )


# --- detection, trails and the log archive ------------------------------------------------------


def test_allowed_regions_come_from_config():
    config = {"access-analyzer-org-enabled": {"allowedRegions": ["us-east-1", "eu-west-1"]}}
    (message,) = _violations("access-analyzer-org-enabled", ANALYZERS, config)
    assert "none in eu-west-1" in message
    assert _violations("access-analyzer-org-enabled", without(ANALYZERS, analyzer_west), {
        "access-analyzer-org-enabled": {"allowedRegions": ["us-east-1"]}
    }) == []  # fmt: skip


def test_tls_only_is_recognised_whatever_the_case_of_the_condition_key():
    lowercase = archive_policy.but(
        policy=doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                    "Condition": {"Bool": {"AWS:SECURETRANSPORT": "false"}}})
    )  # fmt: skip
    assert (
        _violations("log-archive-object-lock", replacing(ARCHIVE, archive_policy, lowercase)) == []
    )


def test_a_data_only_trail_still_needs_management_events():
    from tests.policy_pack.cases import trail

    data_only = trail.but(
        eventSelectors=[{"readWriteType": "All", "includeManagementEvents": False,
                         "dataResources": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]
    )  # fmt: skip
    (message,) = _violations("cloudtrail-records-management-events", [data_only])
    assert "excludes management events" in message
