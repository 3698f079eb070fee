"""The bundled blueprints: valid, shaped like the seed's org, and order-independent."""

from __future__ import annotations

import random

import pytest
import yaml

from blueprint import OrgTree, check_blueprint, load_blueprint
from tests.conftest import PROD, STAGING, TODAY

ROLE_TABLE = {  # the seed's role table: set -> session
    "ReadOnly": "PT8H",
    "Developer": "PT4H",
    "DBA": "PT2H",
    "Ops": "PT4H",
    "Admin": "PT1H",
}


@pytest.mark.parametrize("path", [PROD, STAGING], ids=lambda p: p.name)
def test_bundled_blueprint_is_valid_without_errors(path):
    result = check_blueprint(str(path), today=TODAY)
    assert result.ok
    assert [d for d in result.diagnostics if d.severity == "error"] == []


def test_prod_has_the_twenty_accounts_of_the_scenario():
    blueprint = load_blueprint(str(PROD), today=TODAY)
    tree = OrgTree(blueprint)
    assert len(blueprint.accounts) == 20
    top_level = {node.path for node in tree if node.depth == 1}
    assert {"Security", "Infrastructure", "Production", "NonProduction", "Sandbox"} <= top_level
    assert tree.ou_of("log-archive").path == "Security"
    assert tree.ou_of("pci-payments").pci_scope
    sandboxes = [
        key for key in blueprint.accounts if tree.ou_of(key) and tree.ou_of(key).is_sandbox
    ]
    assert len(sandboxes) >= 3
    assert all(
        blueprint.accounts[key].owner and blueprint.accounts[key].expires for key in sandboxes
    )


def test_prod_permission_sets_follow_the_role_table():
    blueprint = load_blueprint(str(PROD), today=TODAY)
    sessions = {name: blueprint.permission_sets[name].session_duration for name in ROLE_TABLE}
    assert sessions == ROLE_TABLE


def test_prod_never_assigns_developer_into_production_or_pci():
    blueprint = load_blueprint(str(PROD), today=TODAY)
    tree = OrgTree(blueprint)
    for assignment in blueprint.assignments:
        if assignment.permission_set != "Developer":
            continue
        targets = set(assignment.accounts)
        for reference in assignment.ous:
            targets.update(tree.accounts_below(tree.resolve(reference)[0]))
        for account in targets:
            node = tree.ou_of(account)
            assert node.environment in ("nonproduction", "sandbox"), account
            assert not node.pci_scope, account


def _shuffled(value, rng):
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        items = [_shuffled(v, rng) for v in value]
        rng.shuffle(items)
        return items
    return value


def _canonical(path) -> dict:
    blueprint = load_blueprint(str(path), today=TODAY)
    tree = OrgTree(blueprint)
    grants = set()
    for assignment in blueprint.assignments:
        accounts = set(assignment.accounts)
        for reference in assignment.ous:
            accounts.update(tree.accounts_below(tree.resolve(reference)[0]))
        grants.update((assignment.group, assignment.permission_set, a) for a in accounts)
    return {
        "ous": [
            (n.path, n.environment, n.pci_scope, sorted(n.unit.accounts), sorted(n.unit.scps))
            for n in tree
        ],
        "accounts": sorted((k, a.email, a.id) for k, a in blueprint.accounts.items()),
        "grants": sorted(grants),
        "sessions": sorted((k, p.session_duration) for k, p in blueprint.permission_sets.items()),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reordering_the_yaml_changes_nothing(seed, tmp_path):
    data = yaml.safe_load(PROD.read_text())
    reordered = tmp_path / "prod.yaml"
    reordered.write_text(yaml.safe_dump(_shuffled(data, random.Random(seed)), sort_keys=False))
    assert _canonical(reordered) == _canonical(PROD)
