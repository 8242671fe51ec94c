# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
# Each bootstraps .venv/ (and the system packages the project needs) and is safe to run twice.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve clean

site: $(STAMP)
	$(BIN)/mkdocs build --strict
	@echo "Built the site into site/. Preview it with: $(BIN)/mkdocs serve  (then open http://127.0.0.1:8000/)"

test: $(STAMP)
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/mkdocs serve

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site $(VENV)
