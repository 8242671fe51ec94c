# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
# Each bootstraps .venv/ (and the system packages the project needs) and is safe to run twice.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-languages lint serve lock clean

site: $(STAMP)
	$(BIN)/mkdocs build --strict
	@echo "Built the site into site/. Preview it with: $(BIN)/mkdocs serve  (then open http://127.0.0.1:8000/)"

test: $(STAMP) lint
	$(BIN)/pytest

# The language tests with the fixture region in every language that has a catalogue (`make test` has it in
# English and Urdu, to stay within CI's time): axe on every kind of visitor page, right to left at 360 px,
# the nearest search, the quick exit and the search, in each. Run it after changing a catalogue or docs/<code>/.
test-languages: $(STAMP)
	RC_TEST_LANGUAGES=all $(BIN)/pytest tests/browser/test_languages.py

# ruff and mypy, configured in pyproject.toml; `test` runs them first.
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/mkdocs serve

# The libraries come from requirements.lock, exactly those versions with those hashes, so every
# machine and CI test the same code; the project itself is then installed without resolving again.
$(STAMP): pyproject.toml requirements.lock scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Regenerates requirements.lock after pyproject.toml's dependencies change, for every platform and
# Python 3.11 and later, keeping the locked versions that still fit; `make lock LOCK=--upgrade` moves
# everything to the newest releases the bounds allow. uv resolves against PyPI alone (it does not read
# pip's settings), so the lock names no machine's own index. Then run `make test`.
lock: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check 'uv>=0.5'
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command 'make lock' --output-file requirements.lock --quiet $(LOCK)

clean:
	rm -rf site $(VENV)
