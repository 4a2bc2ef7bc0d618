# hrsa: two commands do everything. `make run` serves the app with demo data; `make test` tests it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
LOAD_ARGS ?=

.PHONY: run test test-fast test-servers load test-postgres install frontend app-deps system-deps lint typecheck screenshots clean

run: install frontend app-deps
	$(BIN)/hrsa db upgrade
	$(BIN)/hrsa seed-demo
	@echo "Serving on http://$(HOST):$(PORT) (stop with Ctrl+C)"
	$(BIN)/hrsa run --host $(HOST) --port $(PORT)

test: install frontend system-deps
	$(BIN)/python -m pytest -m "not servers" $(PYTEST_ARGS)

# Everything but the browser tests, e.g. against PostgreSQL: HRSA_TEST_DATABASE_URL=... make test-fast
test-fast: install frontend
	$(BIN)/python -m pytest -m "not browser and not servers" $(PYTEST_ARGS)

# 100 people at once for 60 s against gunicorn with the production settings (scripts/load/run.py);
# LOAD_ARGS="--database sqlite" for the embedded database.
load: install frontend
	$(BIN)/python scripts/load/run.py $(LOAD_ARGS)

# Two gunicorn app servers sharing PostgreSQL, Redis and the store (tests/servers).
test-servers: install frontend
	$(BIN)/python -m pytest -m servers tests/servers $(PYTEST_ARGS)

install: $(STAMP)/python

$(STAMP)/python: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

frontend: $(STAMP)/node hrsa/static/dist/app.css

$(STAMP)/node: package.json package-lock.json
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

hrsa/static/dist/app.css: $(STAMP)/node $(wildcard hrsa/static/src/*) scripts/build-frontend.sh
	bash scripts/build-frontend.sh

# The Debian package the app itself needs (the PDF reports' font).
app-deps:
	@bash scripts/system-deps.sh --app

# Debian packages the browser and PDF tests need; installed when running as root, else named.
system-deps:
	@bash scripts/system-deps.sh

lint: install
	$(BIN)/ruff check hrsa tests scripts
	$(BIN)/ruff format --check hrsa tests scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

typecheck: install
	$(BIN)/mypy

screenshots: install frontend system-deps
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules $(STAMP) hrsa/static/dist
