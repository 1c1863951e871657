# The two commands of the README: `make run` and `make test`. Each does its own set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := $(CURDIR)/.demo/anxin-demo.db

.PHONY: run test system-deps system-deps-test demo lint translations clean

# The console builds the demo centre itself on first start (progress shown) and keeps it
# in .demo/; `make demo` throws it away so the next run builds a fresh one.
run: system-deps $(BIN)/.installed
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/anxin --db sqlite:///$(DEMO_DB) ui --demo

test: system-deps-test $(BIN)/.installed-test
	.ci/test.sh

system-deps:
	@.ci/system-deps.sh run

system-deps-test:
	@.ci/system-deps.sh test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(BIN)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(BIN)/.installed-test: pyproject.toml $(BIN)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo:
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm

# After changing UI strings: refresh the .ts files, translate, and compile the .qm files.
translations: $(BIN)/.installed
	$(BIN)/python -m ui.translation_catalogue

lint: $(BIN)/.installed-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache
