# Two commands from a fresh clone: `make run` (the kiosk on the sample data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test quick test-deps lock bench soak messages calendar-words clean

LOCK := requirements/dev.txt

# The exact versions CI last tested (requirements/dev.txt, from `make lock`), then the kiosk itself.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kiosk --db data/kiosk.json run

# The whole suite, slow tests included (CI runs this), on every core (pytest-xdist); a module
# marked xdist_group (one costly module fixture) stays on one worker.
test: $(STAMP)
	$(BIN)/ruff check kiosk tests bench tools
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto --dist loadgroup

# While developing: the same without the tests marked slow (the day's soak, the key mash).
quick: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not slow"

# What the tests drive outside Python: Debian's Chromium (with fonts for the page's symbols) for
# tests/test_browser_e2e.py, and tmux for tests/test_first_contact.py (the README's run command
# in a real terminal). Playwright (a dev dependency) never downloads a browser. Without them,
# `make test` skips those tests, except in CI (CI set), where they fail.
test-deps:
	test -x /usr/bin/chromium && command -v tmux >/dev/null || { $(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
		fonts-dejavu-core tmux; }

# After changing a dependency in pyproject.toml: pin the versions every platform will install
# (uv's universal resolution, so a small ARM board gets the same versions as this machine).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 pyproject.toml \
		-o requirements/kiosk.txt
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --extra dev pyproject.toml \
		-o requirements/dev.txt

bench: $(STAMP)
	$(BIN)/python bench/run.py $(ARGS)

soak: $(STAMP)
	$(BIN)/python bench/soak.py

# The interface's strings: extract them from kiosk/ into the template, merge that into each
# language's catalogue (translations kept; new strings left empty for a translator), and compile
# each catalogue to the .mo the kiosk reads with the standard library (committed and shipped, so
# a running kiosk needs no Babel; tests/test_catalogue.py fails if it is older than its .po).
LOCALE := kiosk/locale
messages: $(STAMP)
	$(BIN)/pybabel extract --project=peer-support-kiosk --version=0.1.0 --copyright-holder="" \
		--add-location=file --sort-by-file -w 100 -o $(LOCALE)/messages.pot kiosk
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -w 100 --ignore-obsolete \
		--no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE)

# The calendar words dates and times show (kiosk/calendar_words.py), from Babel's CLDR data, so
# a running kiosk needs no Babel: after upgrading Babel (tests/test_calendar_words.py says when).
calendar-words: $(STAMP)
	$(BIN)/python -m tools.calendar_words

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
