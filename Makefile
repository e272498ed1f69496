# Two commands on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DEMO_DB ?= demo.duckdb

.PHONY: demo test lint bench docs clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## Import the bundled sample community, rank it and write report.html.
demo: $(BIN)/.installed
	$(BIN)/nichescout demo --db $(DEMO_DB) --out report.html

## Lint, type-check and run the whole test suite (doctests included).
test: $(BIN)/.installed lint
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench experiments
	$(BIN)/ruff format --check src tests bench experiments
	$(BIN)/mypy

## Benchmarks (minutes; results go to docs/benchmarks.md by hand-run, never in CI).
bench: $(BIN)/.installed
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_graph.py

clean:
	rm -rf $(VENV) $(DEMO_DB) report.html .pytest_cache .mypy_cache .ruff_cache
