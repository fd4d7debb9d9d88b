# The two commands: `make run` starts the kiosk on the demo, `make test` runs the tests.
# Each creates .venv and installs the project with everything it declares.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test validate preview demo-media schema bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kiosk run $(ARGS)

# The suite runs on every core (pytest-xdist), a test file to a worker, since the UI tests
# of a file share one window. PYTEST_JOBS=0 runs it in this process.
# pytest exits 5 when it collects no test: that must fail, loudly.
PYTEST_JOBS ?= auto
test: $(STAMP)
	@$(BIN)/python -m pytest -n $(PYTEST_JOBS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

validate: $(STAMP)
	$(BIN)/kiosk validate $(ARGS)

preview: $(STAMP)
	$(BIN)/kiosk preview --out preview $(ARGS)

schema: $(STAMP)
	$(BIN)/kiosk schema --out config/exhibition.schema.json

demo-media: $(STAMP)
	$(BIN)/python scripts/make_demo.py

bench: $(STAMP)
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) preview .pytest_cache
