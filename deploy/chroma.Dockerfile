# A Chroma server built from the same base as the API (no registry image is needed): chromadb pinned to the
# version the API's client speaks.
ARG BASE=python:3.11-slim
FROM ${BASE}
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 ANONYMIZED_TELEMETRY=False LANG=C.UTF-8
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini \
      $(command -v python3 >/dev/null || echo python3 python3-venv) \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/venv && /opt/venv/bin/pip install chromadb==1.5.9 \
 && useradd --system --uid 10002 --home-dir /data --shell /usr/sbin/nologin chroma \
 && mkdir -p /data && chown chroma /data
USER chroma
VOLUME /data
EXPOSE 8000
ENTRYPOINT ["tini", "--"]
CMD ["/opt/venv/bin/chroma", "run", "--host", "0.0.0.0", "--port", "8000", "--path", "/data"]
