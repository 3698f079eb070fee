# The two commands of a fresh machine: `make plan` (the main job, offline) and `make test`.
# Both build .venv from the pinned requirements first; nothing else needs installing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: plan test validate lint format schema docs bench constraints clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

## Main job: validate the bundled blueprints (the offline plan joins it when it lands).
plan: $(STAMP)
	$(PY) -m orgctl validate blueprints/prod.yaml blueprints/staging.yaml

validate: plan

## Tests: lint, format check, then pytest.
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

schema: $(STAMP)
	$(PY) -m blueprint.schema

docs: $(STAMP)
	$(PY) -m guardrails.catalog
	cd policy-pack && ../$(PY) -m orgiam_policies.catalog

bench: $(STAMP)
	$(PY) -m bench.validate_bench

constraints:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements-dev.txt
	{ echo "# Full pin set of requirements-dev.txt, from 'pip freeze' in a fresh venv (Python 3.11)."; \
	  echo "# Regenerate: make constraints"; .venv-lock/bin/pip freeze; } > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
