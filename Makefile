# Red Lines and Open Doors — two commands: `make lab` and `make test`.
# Both create .venv and install the course on first use; later runs reinstall
# only when pyproject.toml has changed.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pytest workers: one per core plus one, which runs while the others wait for kernels and the browser
# (2 cores: 129 s with 2 workers, 114 s with 3, 113 s with 4).
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))

.PHONY: help setup lab test lint bench clean

help:
	@echo "make lab    set up (first time) and open the course in JupyterLab"
	@echo "make test   set up (first time) and run every test"
	@echo "make bench  run the benchmarks in benchmarks/"
	@echo "make clean  remove .venv and caches"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 was not found: install it, or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || \
	  { echo "This course needs Python 3.11; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The course's JupyterLab settings (no news pop-up, default kernel started without asking), where JupyterLab
# reads them: installed again only when they change.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): .jupyter/lab/settings/overrides.json $(STAMP)
	$(BIN)/python tools/install_lab_settings.py
	touch $(LAB_SETTINGS)

setup: $(STAMP) $(LAB_SETTINGS)

lab: setup
	$(BIN)/jupyter lab lessons/00_start_here.ipynb

lint: setup
	$(BIN)/ruff check helpers tests tools benchmarks lessons exercises solutions

test: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

bench: setup
	$(BIN)/python benchmarks/bench_corpus.py
	$(BIN)/python benchmarks/bench_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
	find . -name __pycache__ -prune -exec rm -rf {} +

.PHONY: exercises
exercises: setup
	$(BIN)/python tools/make_exercises.py

# Mutation testing (minutes; not part of `make test`): the score and the surviving mutants of each module listed in
# tests/mutation.toml, each run against the tests that exercise it. `make mutate MODULES="corpus timeline"` for some.
# Installs the `mutate` extra (mutmut) the first time.
MUTATE_STAMP := $(VENV)/.installed-mutate
$(MUTATE_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $(MUTATE_STAMP)

.PHONY: mutate
mutate: setup $(MUTATE_STAMP)
	$(BIN)/python tools/mutate.py $(MODULES)
