# Red Lines and Open Doors — two commands: `make lab` and `make test`.
# Both create .venv on first use: `make lab` installs what the notebooks need, `make test` adds the test tools
# (pyproject.toml's `test` extra). Later runs reinstall only when pyproject.toml has changed.

# The Python that creates .venv: PYTHON=/path/to/python3.X, else the newest supported version that runs here
# (tools/find_python.sh; it says which versions work when it finds none).
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Extra JupyterLab server options for `make lab`, e.g. LAB_ARGS=--allow-root or LAB_ARGS=--port=9999.
LAB_ARGS ?=
# pytest workers: one per core plus one, which runs while the others wait for kernels and the browser
# (README.md, "Running the tests", gives the times measured with each).
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))

.PHONY: help setup lab test test-fast lint bench clean html

help:
	@echo "make lab    set up (first time) and open the course in JupyterLab on lesson 00"
	@echo "            (LAB_ARGS=... passes server options, e.g. make lab LAB_ARGS=--allow-root as root)"
	@echo "            (PYTHON=/path/to/python3.X chooses the Python: 3.11 to 3.13)"
	@echo "make test   set up (first time) and run every test"
	@echo "make test-fast  the same without the slow tests (browser, Binder, environment, grader sandbox):"
	@echo "            for everyday work; make test still runs everything"
	@echo "make lint   check the code style (ruff)"
	@echo "make setup  create .venv with the course and its test tools, without running anything"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make student-copy DEST=dir  write the student edition (no solutions, no answers) to dir"
	@echo "make mutate [MODULES=\"corpus timeline\"]  mutation testing (minutes; not part of make test)"
	@echo "make html [LESSON=02]  run the lessons (or one) and save them as web pages in build/html/"
	@echo "            (charts as images, readable offline; HTML_DIR=dir writes them elsewhere)"
	@echo "make bench  run the benchmarks in benchmarks/"
	@echo "make clean  remove .venv and caches"

$(BIN)/python:
	@py=$$(sh tools/find_python.sh $(if $(PYTHON),--check "$(PYTHON)")) || exit 1; \
	  echo "Creating $(VENV) with $$($$py --version 2>&1) ($$py)"; \
	  $$py -m venv $(VENV)

# What the notebooks need (`make lab`) ...
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# ... and the test tools (`make test`).
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

# The course's JupyterLab settings (no news pop-up, default kernel started without asking), server settings
# (quiet log), style sheet (words not broken, links underlined) and export settings (`jupyter nbconvert --execute`
# keeps no widget state, so exports show the charts as images), where Jupyter reads them: installed again only
# when they change.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): .jupyter/lab/settings/overrides.json .jupyter/jupyter_server_config.json .jupyter/custom/custom.css \
		.jupyter/jupyter_nbconvert_config.json $(STAMP)
	$(BIN)/python tools/install_lab_settings.py
	touch $(LAB_SETTINGS)

setup: $(TEST_STAMP) $(LAB_SETTINGS)

# The course folder as the server's root, lesson 00 open (tools/lab_command.py, which the browser test uses too).
lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/python tools/lab_command.py $(LAB_ARGS)

lint: setup
	$(BIN)/ruff check helpers tests tools benchmarks lessons exercises solutions

test: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

# Everything but the tests marked slow (tests/system/ and a few others; tests/conftest.py marks them).
test-fast: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile -m "not slow"

# Static copies: each lesson run in a fresh kernel and saved as a web page (`make html LESSON=02` for one). The
# command is the README's plain `jupyter nbconvert --to html --execute`: the installed export settings
# (.jupyter/jupyter_nbconvert_config.json) make it show the charts and widgets as images and HTML, with no script
# from a CDN (tests/system/test_static_copies.py runs this recipe).
LESSON ?=
HTML_DIR ?= build/html
html: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter nbconvert --to html --execute --output-dir $(HTML_DIR) lessons/$(LESSON)*.ipynb

bench: setup
	$(BIN)/python benchmarks/bench_corpus.py
	$(BIN)/python benchmarks/bench_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
	find . -name __pycache__ -prune -exec rm -rf {} +

.PHONY: exercises
exercises: setup
	$(BIN)/python tools/make_exercises.py

# make student-copy DEST=...: the student edition (no solutions, no answer strings, no guide); tools/make_student_copy.py
.PHONY: student-copy
student-copy: setup
	@test -n "$(DEST)" || { echo "Say where to write it: make student-copy DEST=../course-student"; exit 1; }
	$(BIN)/python tools/make_student_copy.py "$(DEST)"

# Mutation testing (minutes; not part of `make test`): the score and the surviving mutants of each module listed in
# tests/mutation.toml, each run against the tests that exercise it. `make mutate MODULES="corpus timeline"` for some.
# Installs the `mutate` extra (mutmut) the first time.
MUTATE_STAMP := $(VENV)/.installed-mutate
$(MUTATE_STAMP): pyproject.toml $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $(MUTATE_STAMP)

.PHONY: mutate
mutate: setup $(MUTATE_STAMP)
	$(BIN)/python tools/mutate.py $(MODULES)
