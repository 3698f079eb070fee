"""The pack states AWS's SCP quotas on its own (it imports nothing from the program); they
are the program's quotas, and a stack may configure stricter ones, never looser ones."""

from __future__ import annotations

import json

import pytest

from blueprint import quotas
from orgctl.policy_runner import ALL_POLICIES, PolicyConfigError, validate_config
from orgiam_policies import organizations
from tests.policy_pack.cases import baseline, ou
from tests.policy_pack.helpers import findings

BY_NAME = {p.name: p for p in ALL_POLICIES}


def test_the_pack_and_the_program_state_the_same_quotas():
    assert organizations.SCP_SIZE_LIMIT == quotas.SCP_SIZE_LIMIT == 10240
    assert organizations.SCP_POLICIES_PER_TARGET == quotas.SCP_POLICIES_PER_TARGET == 10


def test_the_quotas_are_the_defaults_and_the_maxima_of_the_pack_config():
    size = BY_NAME["scp-size-limit"].config_schema.properties["sizeLimit"]
    assert size["default"] == size["maximum"] == quotas.SCP_SIZE_LIMIT
    count = BY_NAME["scp-attachment-quota"].config_schema.properties["policiesPerTarget"]
    assert count["default"] == count["maximum"] == quotas.SCP_POLICIES_PER_TARGET


def _padded_scp(length: int):
    statement = {"Sid": "Pad", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
    content = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    return baseline.but(content=content + " " * (length - len(content)))


def test_an_scp_at_the_limit_passes_and_one_character_more_fails():
    policy = BY_NAME["scp-size-limit"]
    assert findings(policy, [_padded_scp(quotas.SCP_SIZE_LIMIT)]) == []
    (finding,) = findings(policy, [_padded_scp(quotas.SCP_SIZE_LIMIT + 1)])
    assert "AWS stores at most 10240 (over by 1)" in finding.message


def test_a_stricter_size_limit_applies_and_a_looser_one_is_refused():
    policy = BY_NAME["scp-size-limit"]
    stricter = {"scp-size-limit": {"sizeLimit": 5120}}
    (finding,) = findings(policy, [_padded_scp(6000)], stricter)
    assert "over by 880" in finding.message
    with pytest.raises(PolicyConfigError, match="more than the maximum 10240"):
        validate_config({"scp-size-limit": {"sizeLimit": 20480}})


def test_ten_policies_fit_a_target_counting_full_aws_access():
    from tests.policy_pack.cases import attachments_to

    policy = BY_NAME["scp-attachment-quota"]
    assert findings(policy, [ou, *attachments_to("Production", 9)]) == []
    (finding,) = findings(policy, [ou, *attachments_to("Production", 10)])
    assert "at most 9 fit (10 per target, 0 reserved)" in finding.message
    reserved = {"scp-attachment-quota": {"reservedSlots": 3}}
    (finding,) = findings(policy, [ou, *attachments_to("Production", 7)], reserved)
    assert "at most 6 fit (10 per target, 3 reserved)" in finding.message
    with pytest.raises(PolicyConfigError, match="more than the maximum 10"):
        validate_config({"scp-attachment-quota": {"policiesPerTarget": 11}})
