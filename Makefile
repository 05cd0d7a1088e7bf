# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FICFEST := $(BIN)/ficfest
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-moments test-sqlite test-postgres lint typecheck migrations-check bench mutation install install-dev browser clean

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

# A real server with DEBUG off (error pages as readers see them); DEBUG=true make run serves
# with Django's development server instead, which reloads on code changes. Links in emails
# and exports follow PORT unless SITE_URL is set (docs/configuration.md).
DEBUG ?= false
RUN_ENV := DEBUG=$(DEBUG) PORT=$(PORT)

run: install
	$(FICFEST) migrate --noinput
	$(FICFEST) demo
	@echo "ficfest is serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(RUN_ENV) $(FICFEST) worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	case "$$(echo $(DEBUG) | tr A-Z a-z)" in \
		1|true|yes|on) $(RUN_ENV) $(FICFEST) runserver 127.0.0.1:$(PORT) ;; \
		*) $(RUN_ENV) $(BIN)/gunicorn ficfest.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 \
			--access-logfile - ;; \
	esac

lint: install-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy src

migrations-check: install-dev
	FICFEST_DATA_DIR=$$(mktemp -d) $(FICFEST) makemigrations --check --dry-run

# Unit and page tests on SQLite; in CI (or with PG=1) again on PostgreSQL; in CI the
# date-sensitive tests at frozen moments; then the browser.
test: install-dev lint typecheck migrations-check
	FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -m "not browser" -n 2 -p no:cacheprovider
	@if [ -n "$$CI" ] || [ -n "$$PG" ]; then \
		echo "== PostgreSQL =="; \
		DATABASE_URL=$(PG_URL) FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -m "not browser" -n 2 -p no:cacheprovider; \
	fi
	@if [ -n "$$CI" ]; then $(MAKE) --no-print-directory test-moments; fi
	FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -m browser -p no:cacheprovider

# The date-sensitive tests with the session's clock set to moments where calendars turn
# (tests/conftest.py reads FICFEST_TEST_NOW; the clock ticks on from it).
MOMENTS := 2026-12-01T00:00:00Z 2026-12-07T12:00:00Z 2028-02-28T12:00:00Z \
	2028-02-29T23:30:00Z 2026-12-31T23:59:00Z 2027-01-01T00:00:00Z
MOMENT_TESTS := tests/demo tests/communities/test_periods.py tests/communities/test_prompts.py \
	tests/communities/test_claims.py tests/communities/test_reveals.py \
	tests/communities/test_polls.py tests/communities/test_month_cycle.py \
	tests/communities/test_fills.py tests/exchanges tests/importer/test_command.py \
	tests/importer/test_service.py

test-moments: install-dev
	@for moment in $(MOMENTS); do \
		echo "== Clock at $$moment =="; \
		FICFEST_TEST_NOW=$$moment FICFEST_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -q -n 2 \
			-p no:cacheprovider -m "not browser and not own_clock" $(MOMENT_TESTS) || exit 1; \
	done

# Each kept quick by default; docs/benchmarks.md gives the full-size runs.
bench: install-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/matching_bench.py --sizes 500 2000 --one-fandom-sizes 500
	$(BIN)/python bench/downloads_bench.py --fills 100 --runs 2
	$(BIN)/python bench/search_bench.py --works 2000 --runs 5 --backend sqlite

# Mutation testing of the rules that must never break (docs/testing.md); slow, so not in `test`.
# MODULES="claims text" runs some of them.
mutation: install-dev
	$(BIN)/python scripts/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) build *.egg-info
