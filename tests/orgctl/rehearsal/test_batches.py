"""Batches bound the provider processes Terraform starts and keep dependency order."""

from __future__ import annotations

import json

import pytest

from orgctl.rehearsal.batches import BatchingError, batches
from tests.conftest import REPO
from tests.orgctl.rehearsal.plans import ACCOUNT, ROLE, small_plan


def test_a_batch_waits_for_what_its_provider_depends_on():
    (first, second) = batches(small_plan(), max_providers=1)
    assert ACCOUNT in first and ROLE in second


def test_one_batch_when_every_provider_fits():
    (only,) = batches(small_plan(), max_providers=2)
    assert ACCOUNT in only and ROLE in only


def test_a_cycle_is_refused():
    plan = small_plan()
    for resource in plan["deployment"]["resources"]:
        if resource["urn"] == ACCOUNT:
            resource["dependencies"].append(ROLE)
    with pytest.raises(BatchingError, match="cycle"):
        batches(plan, max_providers=2)


def test_prod_plan_batches_need_at_most_the_allowed_providers(prod_plan):
    from orgctl.rehearsal.batches import provider_key

    plan = prod_plan
    json.dumps(plan)
    by_urn = {r["urn"]: r for r in plan["deployment"]["resources"]}
    done: set[str] = set()
    groups = batches(plan, max_providers=8)
    assert len(groups) > 1 and REPO.is_dir()
    for group in groups:
        keys = {provider_key(by_urn[by_urn[u]["provider"].rpartition("::")[0]]) for u in group}
        assert len(keys) <= 8
        for urn in group:
            needed = {d for d in by_urn[urn]["dependencies"] if by_urn[d].get("custom")}
            assert needed - {u for u in needed if by_urn[u]["type"] == "pulumi:providers:aws"} <= (
                done | set(group)
            )
        done |= set(group)


def test_what_depends_on_a_failed_earlier_batch_is_not_reached():
    from orgctl.rehearsal.command import _blocked

    plan = small_plan()
    assert _blocked(plan, [ROLE], {ACCOUNT}, applied={}) == {ROLE}
    assert _blocked(plan, [ROLE], {ACCOUNT}, applied={ACCOUNT: {"id": "1"}}) == set()


def test_a_destroy_keeps_protected_resources_and_reads_their_values():
    from orgctl.rehearsal.command import _literal_references

    text = '{"k": "${aws_kms_key.k.arn}/x", "r": "${tolist(aws_o.o.roots)[0].id}", "b": "${aws_b.b.id}"}'
    kept = {"aws_kms_key.k": {"arn": "arn:aws:kms:1"}, "aws_o.o": {"roots": [{"id": "r-1"}]}}
    assert json.loads(_literal_references(text, kept)) == {
        "k": "arn:aws:kms:1/x",
        "r": "r-1",
        "b": "${aws_b.b.id}",
    }
