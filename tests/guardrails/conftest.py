from __future__ import annotations

import pytest

from blueprint import OrgTree, load_blueprint
from guardrails.compose import compose_guardrails
from guardrails.context import GuardrailContext
from guardrails.library import LIBRARY
from tests.conftest import PROD, TODAY


@pytest.fixture(scope="session")
def prod_blueprint():
    return load_blueprint(str(PROD), today=TODAY)


@pytest.fixture(scope="session")
def prod_plan(prod_blueprint):
    return compose_guardrails(prod_blueprint, OrgTree(prod_blueprint), TODAY)


@pytest.fixture(scope="session")
def prod_context(prod_blueprint):
    return GuardrailContext.from_blueprint(prod_blueprint)


@pytest.fixture(scope="session")
def library_documents(prod_context):
    """Each library statement alone in a document, rendered for the prod organization."""
    import json

    return {
        sid: json.dumps({"Version": "2012-10-17", "Statement": [entry.render(prod_context)]})
        for sid, entry in LIBRARY.items()
    }
