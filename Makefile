# Selfdirect: two commands. `make run` serves the demo council; `make test` passes every test.
# Both set up everything they need on a clean Debian machine, system packages included.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PEOPLE ?= 200
SEED ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers (pytest-xdist): one per core by default; `make test JOBS=1` runs in one process.
JOBS ?= auto
PYTEST := $(BIN)/pytest -q -n $(JOBS) --dist worksteal
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run demo test test-postgres bench lint setup frontend-assets clean lock audit-dependencies

# Every Python package, the installers too, comes from requirements.lock: exact versions with their hashes (pip refuses
# a file whose hash is not listed). requirements.txt and requirements-dev.txt say what we ask for; `make lock` makes the
# lock from them again (`make lock UPGRADE=1` moves every package to its newest allowed version). The lock is the whole
# closure, so pip installs it with --no-deps and resolves nothing: a dependency asking for an extra (pip-audit wants
# CacheControl[filecache]) would otherwise send pip to the registry's newest release, which has no hash in the lock.
# `pip check` then proves that what was installed, Selfdirect too, fits together.
$(BIN)/.installed: requirements.lock pyproject.toml
	scripts/system-packages.sh base
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@

setup: $(BIN)/.installed

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	scripts/system-packages.sh node
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

# Serves the demo council on HOST:PORT. The council is built as of today the first time, kept on a second `make run`
# the same day, and built again on a later day so that it stays dated today. `make demo` rebuilds it at any time.
# Both run in the named demo mode (SELFDIRECT_DEMO_MODE=true: a made-up council over plain http on this machine, with
# a banner on every page); without it Selfdirect runs with production settings (docs/security.md).
DEMO_MODE := SELFDIRECT_DEMO_MODE=true
run: setup
	mkdir -p var
	$(DEMO_MODE) $(BIN)/selfdirect migrate --noinput -v 0
	$(DEMO_MODE) $(BIN)/selfdirect demo --people $(PEOPLE) --seed $(SEED) --unless-current
	@echo "Serving the demo council at http://$(HOST):$(PORT)/ in demo mode (Ctrl-C stops it)"
	@echo "Starting the task worker for long jobs (payment runs, statements, uprating, exports, the demo): selfdirect db_worker"
	$(DEMO_MODE) $(BIN)/selfdirect db_worker --no-startup-delay -v 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_MODE) SELFDIRECT_ALLOWED_HOSTS="$${SELFDIRECT_ALLOWED_HOSTS:-$(HOST),localhost,127.0.0.1}" $(BIN)/selfdirect runserver $(HOST):$(PORT)

demo: setup
	mkdir -p var
	$(DEMO_MODE) $(BIN)/selfdirect migrate --noinput -v 0
	$(DEMO_MODE) $(BIN)/selfdirect demo --people $(PEOPLE) --seed $(SEED)

lint: setup
	$(BIN)/ruff check src tests e2e bench conftest.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check src tests e2e bench

test: setup frontend/node_modules/.package-lock.json
	scripts/system-packages.sh browser
	$(BIN)/ruff check src tests e2e bench conftest.py
	$(BIN)/lint-imports --no-cache
	mkdir -p var
	$(DEMO_MODE) $(BIN)/selfdirect makemigrations --check --dry-run -v 0
	$(PYTEST)

# The non-browser suite again on a local PostgreSQL 15 cluster (CI runs this after `make test`).
test-postgres: setup
	scripts/system-packages.sh postgres
	eval "$$(scripts/postgres-cluster.sh start)" && $(PYTEST) -m "not browser" tests

# Makes requirements.lock again from requirements.txt and requirements-dev.txt, with every file's hash.
lock: setup
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  $(if $(UPGRADE),--upgrade) --output-file=requirements.lock requirements-dev.txt

# The locked packages against the registry's security advisories (scripts/dependency_audit.py; accepted ones, each with
# a reason and an expiry date, in dependency-advisories.toml). Says so, and passes, when the advisories cannot be reached.
audit-dependencies: setup
	$(BIN)/python scripts/dependency_audit.py

bench: setup
	$(BIN)/python -m bench

# Rebuilds the committed CSS and JS from govuk-frontend (needs Node; running Selfdirect does not).
frontend-assets: frontend/node_modules/.package-lock.json
	cd frontend && node build.mjs

clean:
	rm -rf $(VENV) var frontend/node_modules
