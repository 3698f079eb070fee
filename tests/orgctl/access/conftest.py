from __future__ import annotations

import pytest

from blueprint import OrgTree, load_blueprint
from guardrails.compose import GuardrailPlan, compose_guardrails
from orgctl.access.escalation import with_escalation
from orgctl.access.matrix import matrix
from orgctl.access.principals import Organization
from tests.conftest import PROD, TODAY


def organization(path=PROD, *, without_scps: bool = False) -> Organization:
    blueprint = load_blueprint(str(path), today=TODAY)
    tree = OrgTree(blueprint)
    plan = GuardrailPlan() if without_scps else compose_guardrails(blueprint, tree, TODAY)
    return Organization(blueprint, tree, plan)


def analysed(org: Organization):
    principals = org.principals()
    return with_escalation(org, principals, matrix(org, principals))


@pytest.fixture(scope="session")
def prod_org() -> Organization:
    return organization()


@pytest.fixture(scope="session")
def prod_rows(prod_org):
    return analysed(prod_org)


@pytest.fixture
def prod_variant(tmp_path):
    """prod.yaml with (old, new) text replacements, each of which must apply."""

    def write(*replacements: tuple[str, str]):
        text = PROD.read_text()
        for old, new in replacements:
            assert old in text, f"prod.yaml no longer contains {old!r}; update the test"
            text = text.replace(old, new, 1)
        path = tmp_path / "prod.yaml"
        path.write_text(text)
        return path

    return write


def find(rows, kind: str, name: str, account: str, capability: str):
    (row,) = [
        r
        for r in rows
        if (r.principal.kind, r.principal.name, r.principal.account.key, r.capability.key)
        == (kind, name, account, capability)
    ]
    return row
