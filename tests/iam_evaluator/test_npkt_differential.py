"""Differential check of SCP decisions against npkt (MIT, PyPI), an independent SCP simulator
written for CloudTrail records: the prod SCP chains of three accounts, asked a grid of requests
(principals x every action the SCPs name x Regions x resources) by both. Every disagreement must
be one of the explained ones below.

The harness gives npkt the request as AWS sees it: its EvaluationContext is built directly (npkt
would otherwise take the assumed-role session ARN as aws:PrincipalArn, where AWS uses the role
ARN), and its resource extractor returns our resource instead of deriving one from a record.
"""

from __future__ import annotations

import datetime
import itertools
import json

import pytest
from npkt.engine.scp_engine import SCPEngine
from npkt.models.cloudtrail import CloudTrailEvent
from npkt.models.report import EvaluationContext
from npkt.parsers.scp_parser import parse_policy_dict

from iam_evaluator import PolicySet, Request, evaluate
from tests.orgctl.access.conftest import organization

ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
NOW = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
EXTRA_ACTIONS = ("ec2:RunInstances", "iam:CreateRole", "s3:ListAllMyBuckets", "sts:AssumeRole")
REGIONS = ("us-east-1", "eu-west-1")


def _explained(principal_type: str, ours: list[str], npkt_result) -> str | None:
    """Why the two may disagree, or None when they must not."""
    if (
        principal_type == "Account"
        and "DenyRootUser" in ours
        and not npkt_result.denied
        and "aws:AssumedRoot" in npkt_result.unevaluable_condition_keys
    ):
        # npkt does not know aws:AssumedRoot and treats `Null: true` on it as not matching;
        # AWS sets the key only in sts:AssumeRoot sessions, so a root sign-in lacks it and
        # AWS's own deny-root sample (which DenyRootUser follows) matches.
        return "npkt: aws:AssumedRoot unknown"
    if ours == ["DenyCdeInternetFacingLoadBalancers"] and not npkt_result.denied:
        # The grid's requests carry no elasticloadbalancing:Scheme. npkt treats a known key
        # without a value as matching no operator, negated ones included (its condition
        # evaluator: "Context key ... has no value"); AWS documents that a negated operator on
        # an absent key holds ("Condition operators"), which the deny relies on: a load
        # balancer created without a scheme is internet-facing.
        return "npkt: negated operator on an absent key"
    return None


class _GivenResource:
    resource: str | None = None

    def extract(self, event) -> str | None:
        return self.resource


def _principals(account_id: str):
    sso = "role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_Ops_0123456789abcdef"
    return [
        (f"arn:aws:iam::{account_id}:{sso}", "AssumedRole", None),
        (f"arn:aws:iam::{account_id}:role/org-iam-deployer", "AssumedRole", None),
        (f"arn:aws:iam::{account_id}:role/BreakGlassAdmin", "AssumedRole", True),
        (f"arn:aws:iam::{account_id}:user/legacy", "User", False),
        (f"arn:aws:iam::{account_id}:user/legacy", "User", True),
        (f"arn:aws:iam::{account_id}:root", "Account", None),
    ]


@pytest.mark.parametrize("account_key", ["pci-payments", "log-archive", "dev"])
def test_scp_decisions_agree_with_npkt(account_key):
    org = organization()
    account = org.accounts[account_key]
    levels = org.scp_levels(account)
    documents = {
        name: json.loads(d) if isinstance(d, str) else d for _, p in levels for name, d in p.items()
    }
    engine = SCPEngine([parse_policy_dict(d, name) for name, d in documents.items()])
    given = _GivenResource()
    engine._resource_extractor = given  # npkt derives resources from CloudTrail records
    ours_policies = PolicySet(scp_levels=levels, identity={"AllowAll": ALLOW_ALL})
    named = sorted(
        {
            action
            for document in documents.values()
            for statement in document["Statement"]
            for action in (
                [statement["Action"]]
                if isinstance(statement.get("Action"), str)
                else statement.get("Action", [])
            )
            if "*" not in action
        }
    )
    bucket = f"arn:aws:s3:::example-corp-log-archive-{account.id}-us-east-1"
    resources = (
        "*",
        f"arn:aws:iam::{account.id}:role/org-iam-deployer",
        bucket,
        f"{bucket}/AWSLogs/x.gz",
    )
    compared, denied_by_both, unexplained, explained = 0, 0, [], set()
    grid = itertools.product(_principals(account.id), (*named, *EXTRA_ACTIONS), REGIONS, resources)
    for (arn, principal_type, mfa), action, region, resource in grid:
        context = {
            "aws:PrincipalType": principal_type,
            "aws:RequestedRegion": region,
            "aws:ViaAWSService": "false",
        }
        if mfa is not None:
            context["aws:MultiFactorAuthPresent"] = str(mfa).lower()
        ours = [
            r.sid for r in evaluate(Request(arn, action, resource, context), ours_policies).denials
        ]
        service, name = action.split(":")
        identity = {"type": principal_type, "arn": arn, "accountId": account.id}
        event = CloudTrailEvent(NOW, name, f"{service}.amazonaws.com", identity, region)
        npkt_context = EvaluationContext(
            event=event,
            region=region,
            account_id=account.id,
            source_ip=None,
            user_agent=None,
            request_time=NOW,
            principal_arn=arn,
            principal_type=principal_type,
            principal_account=account.id,
            mfa_authenticated=mfa,
            via_aws_service=False,
        )
        given.resource = None if resource == "*" else resource
        theirs = engine.would_deny(event, npkt_context)
        compared += 1
        if bool(ours) == (theirs.denied and theirs.matched_statement is not None):
            if ours:  # npkt reports the first deny it meets; it must be one of ours
                assert theirs.matched_statement.sid in ours, (arn, action, region, resource)
                denied_by_both += 1
            continue
        reason = _explained(principal_type, ours, theirs)
        if reason is None:
            unexplained.append((arn, action, region, resource, ours, theirs.reason))
        else:
            explained.add(reason)
    assert unexplained == []
    assert compared > 1000
    assert 100 < denied_by_both < compared - 100  # both outcomes are exercised
    assert explained <= {"npkt: aws:AssumedRoot unknown", "npkt: negated operator on an absent key"}
