"""Settings of the service's edges: where `newsqa serve` listens and the limits it keeps, the live-news poll loop,
and where the vectors live (embedded, or a Chroma server). Part of the one Settings class (rag/settings.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field


class ApiSettings(BaseModel):
    """Where `newsqa serve` listens."""

    host: str = Field("127.0.0.1", description="Bind address (0.0.0.0 to serve other machines).")
    port: int = Field(8000, ge=1, le=65535, description="TCP port.")
    client_key: str | None = Field(
        None, description="The API key commands send when they work through a running server (NEWSQA_API__CLIENT_KEY)."
    )
    allowed_hosts: list[str] = Field(
        ["127.0.0.1", "localhost", "::1"],
        description="Host headers served (others get 400): guards against DNS rebinding. Add the names clients use "
        'when serving other machines; ["*"] allows any.',
    )
    max_body_bytes: int = Field(2_000_000, ge=1_000, le=100_000_000, description="Largest request body (413 beyond).")
    header_timeout_s: float = Field(
        10.0, gt=0, le=300, description="A client must send each request line and headers within this (slow clients are cut)."
    )
    body_timeout_s: float = Field(
        15.0,
        gt=0,
        le=600,
        description="A client must send the whole request body within this after its headers (408 and the connection "
        "closed beyond it: a slow body would hold a connection; 2 MB in 15 s needs about 1.1 Mbit/s).",
    )
    keep_alive_s: int = Field(5, ge=1, le=300, description="Idle keep-alive connections are closed after this.")
    max_connections: int = Field(
        200, ge=1, le=100_000, description="Concurrent connections; beyond it new requests get 503 at once."
    )
    max_header_bytes: int = Field(16_384, ge=1024, le=1_048_576, description="Largest request line plus headers.")
    shutdown_grace_s: int = Field(30, ge=0, le=600, description="On SIGTERM, in-flight requests get this long to finish.")
    keys: list[str] = Field(
        [],
        description='API keys as "name:read|write:sha256" (JSON list); keys from `newsqa keys create` live in '
        "data_dir/keys.json. With any key, every route but health and docs needs 'Authorization: Bearer <key>'.",
    )
    rate_per_minute: int = Field(120, ge=1, le=1_000_000, description="Requests a minute per key (or client address).")
    answers_per_caller: int = Field(2, ge=1, le=1000, description="Answers one key may have in flight at once (429 beyond).")
    answers_in_flight: int = Field(16, ge=1, le=10_000, description="Answers in flight in all (503 overloaded beyond).")
    cors_origins: list[str] = Field([], description="Browser origins allowed to call the API (CORS); none by default.")
    log_format: Literal["auto", "json", "text"] = Field(
        "auto",
        description="Server log lines: json (one object a line with level, logger, message and request_id, for log "
        "shippers), text (for reading in a terminal), or auto: text when the log goes to a terminal, else json.",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info",
        description="info logs one access line per request (method, route, status, duration_ms, request_id, the "
        "key's name); debug adds each question's text, which info never logs.",
    )


class FeedsSettings(BaseModel):
    """Live news: the feed and page poll loop (`newsqa watch`, or inside `newsqa serve` when sources is set)."""

    sources: Path | None = Field(
        None,
        description="A sources file (one URL a line, or TOML/YAML with name, url, outlet); set, `newsqa serve` polls "
        "it in a background thread (off by default; `newsqa watch` runs the same loop as its own process).",
    )
    every_s: float = Field(900.0, ge=1.0, le=604_800.0, description="Seconds between the starts of two polls.")
    max_entries: int = Field(
        5000,
        ge=10,
        le=1_000_000,
        description="Entries remembered per source, and so taken from one feed per poll (its newest): a feed listing "
        "more would have the rest fetched again at every poll.",
    )
    timeout_s: float = Field(
        10.0, gt=0, le=300, description="Per request: the whole response (head and body) must arrive within it."
    )
    max_bytes: int = Field(
        5_000_000, ge=1_000, le=200_000_000, description="Largest feed or page body, counted after decompression."
    )
    host_delay_s: float = Field(
        1.0, ge=0.0, le=600.0, description="Pause between two requests to one host (one request at a time per host)."
    )
    parallel_sources: int = Field(
        4, ge=1, le=64, description="Sources polled at once (their hosts still get one request at a time)."
    )
    backoff_s: float = Field(
        60.0, ge=0.0, le=86_400.0, description="A failing source waits this long, doubled on each further failure."
    )
    backoff_max_s: float = Field(21_600.0, ge=0.0, le=604_800.0, description="The longest back-off.")
    allow_private: bool = Field(
        False,
        description="Fetch from private, loopback and link-local addresses (an intranet feed); off, so a feed cannot "
        "make the server fetch internal URLs.",
    )
    allow_hosts: list[str] = Field(
        [], description="Host names fetched even when they resolve to private addresses (narrower than allow_private)."
    )
    user_agent: str = Field("newsqa-feeds/0.1", min_length=1, description="User-Agent sent, and matched in robots.txt.")
    nice: int = Field(
        10,
        ge=0,
        le=19,
        description="CPU niceness of the loop's threads (Linux). Inside `newsqa serve` the loop then embeds with its "
        "own copy of the local embedder at that priority, so searches and answers get the CPU first while a poll "
        "ingests (a second embedder costs memory: docs/benchmarks.md, live news); 0: one embedder shared at normal "
        "priority.",
    )


class ChromaSettings(BaseModel):
    """Where the vectors live: embedded under the data dir, or a Chroma server when host is set."""

    host: str | None = Field(
        None, description="Chroma server host; unset means an embedded PersistentClient under data_dir/chroma."
    )
    port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    ssl: bool = Field(False, description="Use HTTPS for the Chroma server.")
    collection: str = Field(
        "newsqa", min_length=3, description="Name prefix of the three collections (<name>_chunks, <name>_articles, <name>_meta)."
    )
