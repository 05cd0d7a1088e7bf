# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FICFEST := $(BIN)/ficfest
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres lint typecheck migrations-check bench install install-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(FICFEST) migrate --noinput
	$(FICFEST) demo
	@echo "ficfest is serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(FICFEST) worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(FICFEST) runserver 127.0.0.1:$(PORT)

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy src

migrations-check: install-dev
	FICFEST_DATA_DIR=$$(mktemp -d) $(FICFEST) makemigrations --check --dry-run

# Unit and page tests on SQLite; in CI (or with PG=1) again on PostgreSQL, then the browser.
test: install-dev lint typecheck migrations-check
	FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -m "not browser" -n 2 -p no:cacheprovider
	@if [ -n "$$CI" ] || [ -n "$$PG" ]; then \
		echo "== PostgreSQL =="; \
		DATABASE_URL=$(PG_URL) FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -m "not browser" -n 2 -p no:cacheprovider; \
	fi
	FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -m browser -p no:cacheprovider

bench: install-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
