"""The resolved OU tree: inheritance and recursive expansion."""

from __future__ import annotations

from blueprint import OrgTree, load_blueprint
from tests.conftest import TODAY

THREE_LEVELS = (
    "        accounts: [pci]\n",
    "        accounts: [pci]\n"
    "        children:\n"
    "          Cards:\n"
    "            accounts: [cards]\n"
    "            children:\n"
    "              Vault:\n"
    "                accounts: [vault]\n",
)
EXTRA_ACCOUNTS = (
    "  dev: {email: aws-dev@example.com}\n",
    "  dev: {email: aws-dev@example.com}\n"
    "  cards: {email: aws-cards@example.com}\n"
    "  vault: {email: aws-vault@example.com}\n",
)


def test_ou_expansion_is_recursive_over_three_levels(write_blueprint):
    tree = OrgTree(load_blueprint(str(write_blueprint(THREE_LEVELS, EXTRA_ACCOUNTS)), today=TODAY))
    assert tree.accounts_below("Production") == ["cards", "pci", "prod", "vault"]
    assert tree.accounts_below("Production/Payments") == ["cards", "pci", "vault"]
    assert tree.accounts_below("Production/Payments/Cards/Vault") == ["vault"]
    assert tree.nodes["Production/Payments/Cards/Vault"].depth == 4


def test_environment_and_pci_scope_are_inherited(write_blueprint):
    tree = OrgTree(load_blueprint(str(write_blueprint(THREE_LEVELS, EXTRA_ACCOUNTS)), today=TODAY))
    vault = tree.ou_of("vault")
    assert vault.path == "Production/Payments/Cards/Vault"
    assert vault.environment == "production"
    assert vault.pci_scope is True
    assert tree.ou_of("prod").pci_scope is False


def test_references_resolve_by_unique_name_or_path(write_blueprint):
    tree = OrgTree(load_blueprint(str(write_blueprint(THREE_LEVELS, EXTRA_ACCOUNTS)), today=TODAY))
    assert tree.resolve("Vault") == ["Production/Payments/Cards/Vault"]
    assert tree.resolve("Production/Payments") == ["Production/Payments"]
    assert tree.resolve("Nowhere") == []


def test_management_account_is_never_in_an_ou_expansion(write_blueprint):
    tree = OrgTree(load_blueprint(str(write_blueprint()), today=TODAY))
    everything = {a for node in tree for a in tree.accounts_below(node.path)}
    assert "management" not in everything
