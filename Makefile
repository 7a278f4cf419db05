# The two quick-start commands: `make site` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What is installed, each from its lock file in requirements/ (hashes required): the
# installer itself, then what the build needs, then what the tests need besides (and what
# `make bench` does: the peer it measures against). A stamp older than its lock file
# installs again.
TOOLS := $(VENV)/.installed-tools
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test
BENCHING := $(VENV)/.installed-bench
INSTALL := $(PY) -m pip install --quiet --require-hashes --no-deps
# Python keeps the modules it compiles (and pytest the tests it rewrites) in the virtual
# environment, never beside the sources, even on a machine that says not to write them
# (PYTHONDONTWRITEBYTECODE): a run after the first starts without compiling them again.
export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: site test lint test-fast test-future audit check serve bench catalogs catalog-new clean

site: $(RUNTIME)
	$(PY) build.py build $(BUILD_ARGS)

check: $(RUNTIME)
	$(PY) build.py check $(CHECK_ARGS)

serve: $(RUNTIME)
	$(PY) build.py serve

# The linter and the type checker, each with its settings in pyproject.toml; the code they
# check is listed there too. A finding fails the command, and so `make test`.
LINT := $(VENV)/bin/ruff check && $(VENV)/bin/mypy

lint: $(TESTING)
	$(LINT)

# The lint, then every test, in as many processes as the machine has cores (tests/README.md).
# The benchmark's peer (Hugo) too: tests/bench/ runs it on a small corpus.
test: $(TESTING) $(BENCHING)
	$(LINT)
	bash scripts/ensure-chromium.sh --headless
	bash scripts/ensure-vnu.sh
	$(PY) -m pytest -n auto

# The inner loop: the unit tests alone, no browser and no whole site built.
test-fast: $(TESTING)
	$(PY) -m pytest tests/unit

# Every test with the machine's clock 400 days ahead: no test may depend on the day it runs.
test-future: $(TESTING) $(BENCHING)
	command -v faketime >/dev/null || bash scripts/apt-install.sh faketime
	bash scripts/ensure-chromium.sh --headless
	bash scripts/ensure-vnu.sh
	faketime -f '+400d' $(PY) -m pytest -n auto

# Lighthouse on every kind of page, in each language, on a phone and a desktop
# (scripts/audit.py; AUDIT_ARGS="--languages en" for fewer): a table of the scores, and
# exit 1 unless each is 100. Minutes long, so not part of `make test`.
audit: $(RUNTIME)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-vnu.sh
	$(PY) scripts/audit.py $(AUDIT_ARGS)

# Collect the interface strings (templates, and the words written in the engine, vigil/**/*.py)
# into locales/messages.pot, then add new ones to (and mark changed ones in) every language's
# catalog, locales/<code>/LC_MESSAGES/messages.po. Unchanged files are left as they are.
catalogs: $(RUNTIME)
	$(PY) -m vigil.site.catalogs

# Start the catalog of a new language: make catalog-new CODE=be
catalog-new: $(RUNTIME)
	@test -n "$(CODE)" || { echo "say which language: make catalog-new CODE=be"; exit 2; }
	$(VENV)/bin/pybabel init -i locales/messages.pot -d locales -l $(CODE)

bench: $(BENCHING)
	$(PY) bench/bench.py

$(TOOLS): requirements/tools.txt
	bash scripts/ensure-venv-support.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(INSTALL) -r requirements/tools.txt
	touch $@

$(RUNTIME): $(TOOLS) requirements/runtime.txt pyproject.toml
	$(INSTALL) -r requirements/runtime.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TESTING): $(RUNTIME) requirements/test.txt
	$(INSTALL) -r requirements/test.txt
	touch $@

$(BENCHING): $(RUNTIME) requirements/bench.txt
	$(INSTALL) -r requirements/bench.txt
	touch $@

clean:
	rm -rf $(VENV) public .cache .pytest_cache node_modules
