# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test test-fast lint bench demo clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(BIN)/gonghui run

# The suite on SQLite, or on the database GONGHUI_DATABASE_URL names (PostgreSQL). Exit code
# 5 (no tests collected) fails too, with a word on why: a run that tested nothing passes nothing.
TEST_WORKERS ?= 2
test: $(STAMP) lint
	@url="$${GONGHUI_DATABASE_URL:-}"; if [ -n "$$url" ]; then db="$${url%%:*} $${url##*@}"; else db="SQLite (in memory)"; fi; \
	echo "== make test on $$db, $(TEST_WORKERS) workers"
	@GONGHUI_TESTING=1 $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests (exit 5); check PYTEST_ARGS='$(PYTEST_ARGS)'" >&2; fi; \
	exit $$rc

lint: $(STAMP)
	$(BIN)/lint-imports --config pyproject.toml

# The benchmarks add their peer (django-import-export) on top of the dev install.
BENCH_STAMP := $(VENV)/.bench-$(shell sha1sum pyproject.toml | cut -c1-12)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@rm -f $(VENV)/.bench-*
	@touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench $(ONLY)

demo: $(STAMP)
	$(BIN)/gonghui demo

clean:
	rm -rf var
