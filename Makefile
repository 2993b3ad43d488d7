# Two commands for a fresh machine; each sets up what it needs and is safe to run again.
#   make demo   set up, then run the main job (gradschool demo)
#   make test   set up, then run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup graphviz lint bench notebooks clean

demo: setup
	$(BIN)/gradschool demo

test: setup
	$(BIN)/python -m pytest

setup: $(VENV)/.installed graphviz

# Reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("gradschool needs Python 3.10 or newer, this is " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebook]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

graphviz:
	@bash scripts/ensure-graphviz.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_tape.py

notebooks: setup
	$(BIN)/python scripts/execute_notebooks.py

clean:
	rm -rf $(VENV) gradschool-demo
