# The two commands of a fresh machine: `make plan` (the main job, offline) and `make test`.
# Both build .venv from the pinned requirements first; nothing else needs installing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: plan test validate browser lint format schema docs bench property constraints clean rehearse \
	test-rehearsal-prod

OUT ?= out

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	# The `orgctl` command (.venv/bin/orgctl) runs this checkout; no further packages.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Main job, offline: validate, plan prod (summary, policy pack, $(OUT)/prod/plan.json), then the
## auditor's evidence pack ($(OUT)/prod/evidence/), with a full-page screenshot and a PDF if
## Chromium is installed (`make browser`); without it, a warning and no pictures.
plan: $(STAMP)
	$(PY) -m orgctl validate blueprints/prod.yaml blueprints/staging.yaml
	$(PY) -m orgctl plan --stack prod --out $(OUT)
	$(PY) -m orgctl report --stack prod --from-export $(OUT)/prod/plan.json --out $(OUT) --screenshot

validate: $(STAMP)
	$(PY) -m orgctl validate blueprints/prod.yaml blueprints/staging.yaml

## Debian's Chromium for the report screenshot and the browser tests (machines run as root).
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  command -v google-chrome >/dev/null || { command -v apt-get >/dev/null && \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "make browser: install Chromium (the browser tests need it)" >&2; exit 1; }

## Tests: lint, format check, pytest, then the rehearsal with the real Terraform AWS provider
## (staging stack and seeded defects) when Terraform and the provider are found.
test: $(STAMP) browser
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest
	@if found=$$($(PY) -m orgctl.rehearsal.available); then \
	  echo "Rehearsal with $$found"; \
	  ORGCTL_REHEARSAL_E2E=1 $(PY) -m pytest tests/orgctl/rehearsal/test_end_to_end.py; \
	else echo "SKIPPED: rehearsal with the real AWS provider: cannot find $$found"; fi

## Rehearse a stack with the real Terraform AWS provider against moto (STACK=prod for all).
STACK ?= staging
rehearse: $(STAMP)
	$(PY) -m orgctl rehearse --stack $(STACK)

## The prod rehearsal's end-to-end checks (20 minutes or more, so not part of `make test`).
test-rehearsal-prod: $(STAMP)
	ORGCTL_REHEARSAL_E2E=1 ORGCTL_REHEARSAL_PROD=1 $(PY) -m pytest -p no:cacheprovider \
	  tests/orgctl/rehearsal/test_prod_end_to_end.py

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

schema: $(STAMP)
	$(PY) -m blueprint.schema

docs: $(STAMP)
	$(PY) -m blueprint.reference
	$(PY) -m guardrails.catalog
	cd policy-pack && ../$(PY) -m orgiam_policies.catalog

## Benchmarks: a missed goal is reported (exit 3 from the bench) without failing the target;
## a crash still fails it.
bench: $(STAMP)
	@for bench in bench.validate_bench bench.plan_bench bench.access_bench; do \
	  $(PY) -m $$bench; status=$$?; \
	  if [ $$status -eq 3 ]; then echo "make bench: $$bench missed a goal (see MISSES above)"; \
	  elif [ $$status -ne 0 ]; then exit $$status; fi; \
	done

## The one-rulebook property over 240 seeded blueprint mutants (~3 min; the suite runs 24):
## `orgctl validate` accepts each exactly when `orgctl plan`, policy pack included, does.
property: $(STAMP)
	$(PY) -m bench.rulebook_property

constraints:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements-dev.txt
	{ echo "# Full pin set of requirements-dev.txt, from 'pip freeze' in a fresh venv (Python 3.11)."; \
	  echo "# Regenerate: make constraints"; .venv-lock/bin/pip freeze; } > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
