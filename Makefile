# Minqing: `make up` runs the whole stack locally, `make test` runs the whole test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PACKAGES := shared kit $(sort $(wildcard services/*))
PYPROJECTS := $(foreach p,$(PACKAGES),$(p)/pyproject.toml)

.PHONY: install up simulate test test-fast contracts bench clean

install: $(STAMP)

$(STAMP): $(PYPROJECTS) requirements-dev.txt scripts/ensure_system.sh scripts/ensure_browser.sh web/package-lock.json
	bash scripts/ensure_system.sh
	sh scripts/ensure_browser.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(foreach p,$(PACKAGES),-e $(p)) -r requirements-dev.txt
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

up: install
	$(BIN)/python scripts/stack.py

simulate: install   # the stack plus the simulator feeding realistic cases (RATE cases/minute)
	SIMULATE=$${RATE:-30} $(BIN)/python scripts/stack.py

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not compose and not browser"

contracts: install
	$(BIN)/python -m minqing_contracts.export

bench: install
	$(BIN)/python bench/backbone_chain.py

clean:
	rm -rf run .pytest_cache
