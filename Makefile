# The two commands of the README: `make demo` (install, then the main job on the
# embedded store) and `make test` (the whole suite; .ci/run calls it). `make check` is
# the fast tier: everything but the Neo4j, Spark and slow tests, for every change.
# `make system` installs the Debian packages the tests need (a CJK font, Chromium).
PYTHON ?= python3
# Two workers: make test's groups (two of Neo4j tests, one of Spark's: xdist_group,
# tests/conftest.py) each stay on one worker, the rest run beside them. Three were
# slower on two cores (1223 s against 1085 s of pytest). WORKERS=0 runs in one process.
WORKERS ?= 2
TEST_WORKERS ?= $(WORKERS)
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo lint check test coverage system clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/graphmodel seed demo
	$(BIN)/graphmodel query uncovered
	$(BIN)/graphmodel query isolated

system:
	.ci/system-packages

lint: $(VENV)/.installed
	$(BIN)/python -m mypy
	$(BIN)/lint-imports

# Each tier prints its own time last (the system packages, mypy, the contracts, pytest).
check: $(VENV)/.installed
	@started=$$(date +%s); \
	$(MAKE) --no-print-directory system lint && \
	$(BIN)/python -m pytest -n $(WORKERS) -m "not neo4j and not spark and not slow" $(PYTEST_ARGS); \
	rc=$$?; echo "make check: $$(( $$(date +%s) - started )) s (exit $$rc)"; exit $$rc

test: $(VENV)/.installed
	@started=$$(date +%s); \
	$(MAKE) --no-print-directory system lint && \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS); \
	rc=$$?; echo "make test: $$(( $$(date +%s) - started )) s (exit $$rc)"; exit $$rc

# The whole suite as make test runs it, with the line coverage of graphmodel (coverage.py
# through pytest-cov; code run in child processes is not counted). Slower than make test.
coverage: $(VENV)/.installed system
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --cov=graphmodel \
		--cov-report=term:skip-covered --cov-report=json:build/coverage.json $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
