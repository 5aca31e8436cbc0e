# Selfdirect: two commands. `make run` serves the demo council; `make test` passes every test.
# Both set up everything they need on a clean Debian machine, system packages included.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PEOPLE ?= 200
SEED ?= 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-postgres bench lint setup frontend-assets clean

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	scripts/system-packages.sh base
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	scripts/system-packages.sh node
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

run: setup
	mkdir -p var
	$(BIN)/selfdirect migrate --noinput -v 0
	$(BIN)/selfdirect demo --people $(PEOPLE) --seed $(SEED)
	$(BIN)/selfdirect runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check src tests e2e bench conftest.py
	$(BIN)/ruff format --check src tests e2e bench

test: setup frontend/node_modules/.package-lock.json
	scripts/system-packages.sh browser
	$(BIN)/ruff check src tests e2e bench conftest.py
	mkdir -p var
	$(BIN)/selfdirect makemigrations --check --dry-run -v 0
	$(BIN)/pytest -q

# The non-browser suite again on a local PostgreSQL 15 cluster (CI runs this after `make test`).
test-postgres: setup
	scripts/system-packages.sh postgres
	eval "$$(scripts/postgres-cluster.sh start)" && $(BIN)/pytest -q -m "not browser" tests

bench: setup
	$(BIN)/python -m bench

# Rebuilds the committed CSS and JS from govuk-frontend (needs Node; running Selfdirect does not).
frontend-assets: frontend/node_modules/.package-lock.json
	cd frontend && node build.mjs

clean:
	rm -rf $(VENV) var frontend/node_modules
