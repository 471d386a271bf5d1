# Two commands from a fresh clone: `make run` (the kiosk on the sample data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test quick browser-deps bench soak messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kiosk run --db data/kiosk.json

# The whole suite, slow tests included (CI runs this), on every core (pytest-xdist); a module
# marked xdist_group (one costly module fixture) stays on one worker.
test: $(STAMP)
	$(BIN)/ruff check kiosk tests bench
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto --dist loadgroup

# While developing: the same without the tests marked slow (the day's soak, the key mash).
quick: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not slow"

# What tests/test_browser_e2e.py drives: Debian's Chromium (with fonts for the page's symbols);
# Playwright (a dev dependency) never downloads a browser. Without Chromium, `make test` skips
# the browser test, except in CI (CI set), where it fails.
browser-deps:
	test -x /usr/bin/chromium || { $(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; }

bench: $(STAMP)
	$(BIN)/python bench/run.py $(ARGS)

soak: $(STAMP)
	$(BIN)/python bench/soak.py

# The interface's strings: extract them from kiosk/ into the template, then merge that into each
# language's catalogue (translations kept; new strings left empty for a translator).
LOCALE := kiosk/locale
messages: $(STAMP)
	$(BIN)/pybabel extract --project=peer-support-kiosk --version=0.1.0 --copyright-holder="" \
		--add-location=file --sort-by-file -w 100 -o $(LOCALE)/messages.pot kiosk
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -w 100 --ignore-obsolete \
		--no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
