# The two commands a fresh clone needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-slow test-docker models models-all install browser clean

run: models
	$(BIN)/newsrag ingest
	$(BIN)/newsrag serve

# The fast tier runs on every core (pytest-xdist): it spends its time in one Python thread, and on
# 2 cores it took 2 min 51 s against 4 min 55 s alone. The slow tier's models use both cores already.
FAST := $(BIN)/python -m pytest -n auto -m "not slow and not docker"

test: models-all browser
	$(FAST)
	$(BIN)/python -m pytest -m slow

test-fast: install browser
	$(FAST)

test-slow: models-all
	$(BIN)/python -m pytest -m slow

# The image, built with podman and run (tests/test_container.py). Not part of `make test`: a cold build
# downloads 2.3 GB of weights and takes about 15 minutes. Runs as root; TORCH_WHEELS=/folder/of/wheels
# serves torch's wheel to the build where PyTorch's index is out of reach.
test-docker: install
	@command -v podman >/dev/null && command -v debootstrap >/dev/null && command -v runc >/dev/null || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq podman buildah debootstrap runc >/dev/null; }
	TORCH_INDEX=$(TORCH_INDEX) $(BIN)/python -m pytest -m docker -rP tests/test_container.py

# What the configured engine reads (the default: OpenVINO's folder converted once from the GGUF on a CPU
# with AVX-512, the GGUF itself elsewhere; and the embedder).
models: install
	$(BIN)/newsrag models fetch

# And the folders converted for the transformers and OpenVINO engines, which the slow tier tests too.
models-all: install
	$(BIN)/newsrag models fetch --convert --openvino

install: $(STAMP)

# Debian's chromium for the chat-page test; Playwright drives it and never downloads a browser.
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# torch's CPU build (torch==2.13.0+cpu in requirements.lock) is served by PyTorch's own index, not
# PyPI; it is installed alone first, so only that one lookup goes there (PyPI's plain `torch` is the
# CUDA build, several GB).
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

# Re-installs when the pins change. requirements.lock holds the full, tested set of versions.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
	  echo "newsrag needs Python 3.11: '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing); run make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --extra-index-url $(TORCH_INDEX) \
	  "$$(grep '^torch==' requirements.lock)"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) .data
