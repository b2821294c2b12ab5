# Indigo's front door. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
# uv comes from PATH, or is bootstrapped with pip into .tools/ on a machine that lacks it.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
INDIGO := $(VENV)/bin/indigo
PYTEST_ARGS ?=

.PHONY: help install run test test-unit test-integration lint bench bench-queries bench-api bench-alerts migrate sandbox clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

install: $(if $(findstring .tools,$(UV)),.tools/bin/uv) ## build .venv with the `indigo` command (uv workspace, locked)
	$(UV) sync --all-packages --frozen --quiet --compile-bytecode
	@# Bytecode written now: each service process otherwise compiles every module it imports
	@# at start-up when PYTHONDONTWRITEBYTECODE is set (about 2 s of a process's start here).
	@$(VENV)/bin/python -m compileall -q -j 0 shared/src services/*/src cli/src sandbox/src >/dev/null
	@echo "installed: $(INDIGO)"

run: install ## start everything (embedded NATS and PostgreSQL, sandbox, services, API on :8000)
	$(INDIGO) dev

test: install ## run the whole suite, integration tests against real NATS and PostgreSQL included
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-unit: install ## unit tests only (no servers)
	$(VENV)/bin/pytest -m "not integration" $(PYTEST_ARGS)

test-integration: install ## integration tests only
	$(VENV)/bin/pytest -m integration $(PYTEST_ARGS)

lint: install ## ruff over the tree
	$(VENV)/bin/ruff check .

bench: install ## extractor accuracy and speed, enrichment and pipeline throughput, read-model writes (a few minutes)
	$(VENV)/bin/python bench/extract_accuracy.py
	$(VENV)/bin/python bench/extract_speed.py
	$(VENV)/bin/python bench/enrich_throughput.py
	$(VENV)/bin/python bench/pipeline_throughput.py
	$(VENV)/bin/python bench/read_model_writes.py

bench-queries: install ## API query latency on 1,000,000 listings (seeding takes about 8 minutes)
	$(VENV)/bin/python bench/query_latency.py

bench-api: install ## API throughput from outside at 100,000 listings, beside the HTTP floor (a few minutes)
	$(VENV)/bin/python bench/api_throughput.py

bench-alerts: install ## alert latency and matching throughput with 10,000 saved searches (about 5 minutes)
	$(VENV)/bin/python bench/alert_latency.py

migrate: install ## apply database migrations (DATABASE_URL, or the running `indigo dev`)
	$(INDIGO) migrate

sandbox: install ## run the marketplace sandbox alone on :8900
	$(INDIGO) sandbox --port 8900

clean: ## remove the virtual environments and caches (keeps .indigo/ data)
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache
