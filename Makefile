# The two quick-start commands: `make site` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test check serve bench clean

site: $(STAMP)
	$(PY) build.py build $(BUILD_ARGS)

check: $(STAMP)
	$(PY) build.py check

serve: $(STAMP)
	$(PY) build.py serve

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench.py

$(STAMP): pyproject.toml
	bash scripts/ensure-venv-support.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) public .pytest_cache
