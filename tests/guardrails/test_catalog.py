from guardrails.catalog import CATALOG_PATH, render_catalog
from guardrails.library import LIBRARY


def test_guardrail_catalog_is_current():
    assert CATALOG_PATH.read_text() == render_catalog(), "stale catalog: run `make docs`"


def test_catalog_lists_every_statement():
    text = render_catalog()
    assert all(f"| `{sid}` |" in text for sid in LIBRARY)
