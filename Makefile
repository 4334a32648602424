# Minqing: `make up` runs the whole stack locally, `make test` runs the whole test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PACKAGES := shared kit $(sort $(wildcard services/*))
PYPROJECTS := $(foreach p,$(PACKAGES),$(p)/pyproject.toml)

.PHONY: install up simulate lint test test-fast contracts constraints bench clean

install: $(STAMP)

$(STAMP): $(PYPROJECTS) requirements-dev.txt constraints.txt scripts/ensure_system.sh scripts/ensure_browser.sh web/package-lock.json
	bash scripts/ensure_system.sh
	sh scripts/ensure_browser.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt $(foreach p,$(PACKAGES),-e $(p)) -r requirements-dev.txt
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

up: install
	$(BIN)/python scripts/stack.py

simulate: install   # the stack plus the simulator feeding realistic cases (RATE cases/minute)
	SIMULATE=$${RATE:-30} $(BIN)/python scripts/stack.py

# ruff check, ruff format --check and mypy (configuration in pyproject.toml): all three run, then the
# ones that failed are named. Fix with `ruff check --fix .` and `ruff format .` (in $(BIN)).
lint: install
	@failed=""; \
	echo "== ruff check"; $(BIN)/ruff check . || failed="$$failed ruff-check"; \
	echo "== ruff format --check"; $(BIN)/ruff format --check --output-format concise . || failed="$$failed ruff-format"; \
	echo "== mypy"; $(BIN)/mypy || failed="$$failed mypy"; \
	if [ -n "$$failed" ]; then echo "make lint FAILED:$$failed (see above; $(BIN)/ruff check --fix . and" \
	  "$(BIN)/ruff format . fix most)" >&2; exit 1; fi; \
	echo "make lint: ruff check, ruff format --check and mypy passed"

# TEST_WORKERS=3: the suite in three processes (pytest-xdist, --dist loadfile: each test file whole in one of
# them; the Docker tiers one at a time, tests/conftest.py), about 15 instead of ~28 minutes on two cores. One
# process by default: CI at f8255d5 with three failed only in the Docker tiers (the image build took over its
# 1,500 s beside the other two processes; the broker cluster's wait for the tiers' lock counted against its
# 300 s timeout). Every browser check waits for the page it reads (tests/web/browser.py navigate, a1cea39).
TEST_WORKERS ?= 1

test: install lint
	$(BIN)/python -m pytest $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not compose and not browser and not cluster"

contracts: install
	$(BIN)/python -m minqing_contracts.export

# After a requirement changed: install without the old pins, then freeze the venv as the tested versions.
constraints:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q $(foreach p,$(PACKAGES),-e $(p)) -r requirements-dev.txt
	{ grep '^#' constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

bench: install
	$(BIN)/python bench/backbone_chain.py

clean:
	rm -rf run .pytest_cache
