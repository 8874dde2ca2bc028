# The two commands of the README: `make demo` (install, then the main job on the
# embedded store) and `make test` (the whole suite; .ci/run calls it). `make system`
# installs the Debian packages the tests need (a CJK font, Chromium) when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test system clean

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

test: system $(VENV)/.installed
	$(BIN)/python -m mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
