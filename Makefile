# The two commands a fresh clone needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-slow models install browser clean

run: models
	$(BIN)/newsrag ingest corpus
	$(BIN)/newsrag serve

test: models browser
	$(BIN)/python -m pytest -m "not slow"
	$(BIN)/python -m pytest -m slow

test-fast: install browser
	$(BIN)/python -m pytest -m "not slow"

test-slow: models
	$(BIN)/python -m pytest -m slow

models: install
	$(BIN)/newsrag models fetch

install: $(STAMP)

# Debian's chromium for the chat-page test; Playwright drives it and never downloads a browser.
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# Re-installs when the pins change. requirements.lock holds the full, tested set of versions.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) .data
