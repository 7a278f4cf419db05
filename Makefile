# The two quick-start commands: `make site` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test test-fast test-future check serve bench catalogs catalog-new clean

site: $(STAMP)
	$(PY) build.py build $(BUILD_ARGS)

check: $(STAMP)
	$(PY) build.py check $(CHECK_ARGS)

serve: $(STAMP)
	$(PY) build.py serve

# Every test, in as many processes as the machine has cores (tests/README.md).
test: $(STAMP)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-vnu.sh
	$(PY) -m pytest -n auto

# The inner loop: the unit tests alone, no browser and no whole site built.
test-fast: $(STAMP)
	$(PY) -m pytest tests/unit

# Every test with the machine's clock 400 days ahead: no test may depend on the day it runs.
test-future: $(STAMP)
	command -v faketime >/dev/null || bash scripts/apt-install.sh faketime
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-vnu.sh
	faketime -f '+400d' $(PY) -m pytest -n auto

# Collect the interface strings (templates, and the vocabulary's words in vigil/vocabulary.py)
# into locales/messages.pot, then add new ones to (and mark changed ones in) every language's
# catalog, locales/<code>/LC_MESSAGES/messages.po. Unchanged files are left as they are.
catalogs: $(STAMP)
	$(PY) -m vigil.catalogs

# Start the catalog of a new language: make catalog-new CODE=be
catalog-new: $(STAMP)
	@test -n "$(CODE)" || { echo "say which language: make catalog-new CODE=be"; exit 2; }
	$(VENV)/bin/pybabel init -i locales/messages.pot -d locales -l $(CODE)

bench: $(STAMP)
	$(PY) bench/bench.py

$(STAMP): pyproject.toml
	bash scripts/ensure-venv-support.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) public .cache .pytest_cache node_modules
