"""Properties that must hold for any policies, checked on generated ones: adding a Deny never
grants, removing an SCP level never narrows, statement and policy order never matter, and every
decision names what made it. Derandomized, so a run is repeatable."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from iam_evaluator import PolicySet, Request, evaluate

ACCOUNT = "111122223333"
PRINCIPALS = [
    f"arn:aws:iam::{ACCOUNT}:role/delegated/app",
    f"arn:aws:iam::{ACCOUNT}:role/org-iam-deployer",
    f"arn:aws:iam::{ACCOUNT}:user/legacy",
]
ACTIONS = ["s3:GetObject", "s3:DeleteBucket", "iam:CreateRole", "iam:PassRole", "ec2:RunInstances"]
RESOURCES = [
    "*",
    "arn:aws:s3:::logs",
    "arn:aws:s3:::logs/a",
    f"arn:aws:iam::{ACCOUNT}:role/delegated/x",
]
ACTION_LISTS = [
    ["*"],
    ["s3:*"],
    ["s3:Get*", "iam:CreateRole"],
    ["iam:*"],
    ["ec2:?unInstances"],
    ["IAM:passrole", "s3:DeleteBucket"],
]
RESOURCE_LISTS = [
    ["*"],
    ["arn:aws:s3:::logs*"],
    ["arn:aws:s3:::logs/*", "arn:aws:iam::*:role/delegated/*"],
]
CONDITIONS = [
    {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}},
    {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}},
    {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/org-iam-deployer"}},
    {"Null": {"aws:MultiFactorAuthPresent": "true"}},
    {"ForAnyValue:StringLike": {"aws:TagKeys": "team*"}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}},
]
CONTEXT_ENTRIES = {
    "aws:RequestedRegion": st.sampled_from(["us-east-1", "us-west-2", "eu-west-1"]),
    "aws:MultiFactorAuthPresent": st.sampled_from(["true", "false"]),
    "aws:TagKeys": st.lists(st.sampled_from(["team", "env", "owner"]), max_size=3),
}


def _statement_pool() -> list[dict]:
    """Every combination of effect, Action/NotAction list and Resource/NotResource list, once
    without a condition and once with one (rotating through CONDITIONS); drawing whole
    statements from this pool keeps generation cheap."""
    pool = []
    shapes = itertools.product(
        ["Allow", "Deny"],
        ["Action", "NotAction"],
        ACTION_LISTS,
        ["Resource", "NotResource"],
        RESOURCE_LISTS,
    )
    for effect, action_key, actions, resource_key, resources in shapes:
        statement = {"Effect": effect, action_key: actions, resource_key: resources}
        pool.append(statement)
        pool.append({**statement, "Condition": CONDITIONS[len(pool) % len(CONDITIONS)]})
    return pool


POOL = _statement_pool()
DENIES = [s for s in POOL if s["Effect"] == "Deny"]


def statements(effect=None):
    return st.sampled_from(DENIES if effect == "Deny" else POOL)


def documents(effect=None):
    return st.lists(statements(effect), min_size=1, max_size=3).map(
        lambda s: {"Version": "2012-10-17", "Statement": s}
    )


def policy_maps(min_size=0):
    return st.dictionaries(
        st.sampled_from(["a", "b", "c"]), documents(), min_size=min_size, max_size=2
    )


@st.composite
def policy_sets(draw):
    full = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    levels = []
    for name in draw(
        st.lists(st.sampled_from(["root", "ou:A", "ou:A/B", "account:x"]), unique=True)
    ):
        policies = draw(policy_maps())
        if draw(st.booleans()):
            policies["FullAWSAccess"] = full
        levels.append((name, policies))
    boundary = ("boundary", draw(documents())) if draw(st.booleans()) else None
    return PolicySet(scp_levels=tuple(levels), identity=draw(policy_maps(1)), boundary=boundary)


@st.composite
def requests(draw):
    keys = draw(st.lists(st.sampled_from(sorted(CONTEXT_ENTRIES)), unique=True))
    context = {key: draw(CONTEXT_ENTRIES[key]) for key in keys}
    return Request(
        draw(st.sampled_from(PRINCIPALS)),
        draw(st.sampled_from(ACTIONS)),
        draw(st.sampled_from(RESOURCES)),
        context,
    )


PROPERTY = settings(max_examples=100, derandomize=True, deadline=None, database=None)


def _with(policies: PolicySet, **changes) -> PolicySet:
    fields = {
        "scp_levels": policies.scp_levels,
        "identity": policies.identity,
        "boundary": policies.boundary,
        "management_account": policies.management_account,
    }
    return PolicySet(**{**fields, **changes})


@PROPERTY
@given(policy_sets(), requests(), documents("Deny"), st.integers(0, 5))
def test_adding_a_deny_never_grants(policies, request, denial, where):
    before = evaluate(request, policies)
    if where == 0:
        after = _with(policies, identity={**policies.identity, "added": denial})
    elif where == 1 and policies.boundary:
        name, boundary = policies.boundary
        merged = {**boundary, "Statement": boundary["Statement"] + denial["Statement"]}
        after = _with(policies, boundary=(name, merged))
    elif policies.scp_levels:
        index = where % len(policies.scp_levels)
        levels = list(policies.scp_levels)
        name, scps = levels[index]
        levels[index] = (name, {**scps, "added": denial})
        after = _with(policies, scp_levels=tuple(levels))
    else:
        after = _with(policies, identity={**policies.identity, "added": denial})
    if evaluate(request, after).allowed:
        assert before.allowed


@PROPERTY
@given(policy_sets(), requests(), st.integers(0, 3))
def test_removing_an_scp_level_never_narrows(policies, request, index):
    if not policies.scp_levels:
        return
    index %= len(policies.scp_levels)
    fewer = tuple(level for i, level in enumerate(policies.scp_levels) if i != index)
    if evaluate(request, policies).allowed:
        assert evaluate(request, _with(policies, scp_levels=fewer)).allowed


def _reversed(document: dict) -> dict:
    return {**document, "Statement": list(reversed(document["Statement"]))}


@PROPERTY
@given(policy_sets(), requests())
def test_statement_and_policy_order_never_matter(policies, request):
    shuffled = _with(
        policies,
        scp_levels=tuple(
            (name, {n: _reversed(d) for n, d in reversed(list(scps.items()))})
            for name, scps in policies.scp_levels
        ),
        identity={n: _reversed(d) for n, d in reversed(list(policies.identity.items()))},
        boundary=(policies.boundary[0], _reversed(policies.boundary[1]))
        if policies.boundary
        else None,
    )
    before, after = evaluate(request, policies), evaluate(request, shuffled)
    assert before.allowed == after.allowed
    assert _statements(before.denials, policies) == _statements(after.denials, shuffled)
    assert _statements(before.allowed_by, policies) == _statements(after.allowed_by, shuffled)


def _statements(refs, policies: PolicySet) -> set[str]:
    """The statements behind refs, by content: indexes change when statements are reordered."""
    scps = dict(policies.scp_levels)
    found = set()
    for ref in refs:
        if ref.layer == "scp":
            document = scps[ref.level][ref.policy]
        elif ref.layer == "identity":
            document = policies.identity[ref.policy]
        else:
            document = policies.boundary[1]
        statement = document["Statement"][ref.index]
        found.add(json.dumps([ref.layer, ref.policy, ref.level, statement], sort_keys=True))
    return found


def test_every_decision_names_its_cause():
    """Also shows the generators are not vacuous: they reach every kind of decision."""
    seen = set()

    @PROPERTY
    @given(policy_sets(), requests())
    def check(policies, request):
        decision = evaluate(request, policies)
        if decision.allowed:
            assert any(ref.layer == "identity" for ref in decision.allowed_by)
            assert decision.denied_by is None and not decision.denials
        elif decision.denials:
            assert decision.denied_by == decision.denials[0]
            assert decision.reason.startswith("explicitly denied by ")
        else:
            assert decision.denied_by is None
            assert decision.reason.startswith("implicitly denied: ")
        seen.add(
            decision.reason.split(" ")[0] + (" scp" if "SCP statement" in decision.reason else "")
        )

    check()
    assert seen == {"allowed", "explicitly", "implicitly", "implicitly scp"}
