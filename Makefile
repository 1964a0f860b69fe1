# Hromada: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-postgres lint typecheck messages bench install install-test clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Hromada needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Install, prepare the embedded SQLite database, load the demo community and serve on $(PORT).
run: install
	PORT=$(PORT) $(BIN)/hromada serve --demo

## Install the test dependencies and run the whole suite (SQLite unless DATABASE_URL is set), on two
## pytest-xdist workers, each with its own test database (docs/performance.md, "Test suite");
## PYTEST_WORKERS=0 runs it in one process. The slowest tests are listed at the end.
PYTEST_WORKERS ?= 2
test: install-test
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check src tests bench

## Type-check the services and policies (the files are listed in pyproject.toml's [tool.mypy]).
typecheck: install-test
	$(BIN)/mypy

## Recompile translations (needs GNU gettext; the compiled .mo files are committed): the kernel and every
## capability the registry knows (`hromada capabilities --paths`).
messages: install
	for dir in $$($(BIN)/hromada capabilities --paths); do \
	  (cd $$dir && $(CURDIR)/$(BIN)/hromada makemessages -l uk -l en --ignore 'tests/*' && $(CURDIR)/$(BIN)/hromada compilemessages) || exit 1; \
	done

## The open-loop harness: every scenario at rising fixed rates, one table per database (DATABASE_URL adds PostgreSQL).
bench: install-test
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data staticfiles
