"""Prometheus metrics, one registry per app (so several apps in one process, as in tests, never collide).

Metrics is the core's Observer (rag/telemetry.py): the app adds it to Components.observers while it serves,
and the request middleware (api/request_log.py) times each request. GET /metrics exposes the registry.
Labels are bounded: a method is one of HTTP's own or "other", a route is its template ("/v1/documents/{doc_id}"),
never the raw path, a status is a number, and no label carries a caller's name or a question.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector, generate_latest

from rag.telemetry import Answered, Fresh, KeywordRefreshed, LLMFailed, Polled, TelemetryEvent, Written

# a cached health check takes ~1 ms, a local-model answer ~5 s, a long stream or a big batch a minute
_REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_STAGE_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_REBUILD_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
# from a page fetched and embedded in a second to an entry found one 15-minute poll (or a back-off) later
_FRESH_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400)


# HTTP's registered methods; any other name a client sends (h11 takes any token, 4 KB long) is "other", or 2,000
# requests with made-up names grew /metrics from 0.38 MB to 164 MB (measured by the outside probe)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"})


def method_label(method: str) -> str:
    """The method as a bounded label value: one of METHODS, else "other"."""
    return method if method in METHODS else "other"


class Metrics:
    """The app's metrics: HTTP requests (request()) and what the core reports (observe())."""

    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        ProcessCollector(registry=r)  # CPU, memory and open files of this process
        http = ["method", "route", "status"]
        self.requests = Counter("newsqa_http_requests", "HTTP requests answered.", http, registry=r)
        self.latency = Histogram(
            "newsqa_http_request_duration_seconds",
            "Time from the request to the last byte of the response (a stream's whole length).",
            http,
            buckets=_REQUEST_BUCKETS,
            registry=r,
        )
        self.answers = Counter("newsqa_answers", "Answers produced, by status.", ["status"], registry=r)
        self.stages = Histogram(
            "newsqa_answer_stage_seconds",
            "Time per answering stage (Answer.timings: condense, retrieve, evidence, generate, cite, total).",
            ["stage"],
            buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.cached = Counter(
            "newsqa_answers_cached", "Answers served again from the ones just formed (no model call).", registry=r
        )
        self.tokens = Counter("newsqa_llm_tokens", "Tokens answers cost (Answer.usage), by kind.", ["kind"], registry=r)
        self.llm_errors = Counter("newsqa_llm_errors", "Chat model calls that failed, by stage.", ["stage"], registry=r)
        self._writes(r)
        self._feeds(r)
        self._zeros()

    def _writes(self, r: CollectorRegistry) -> None:
        self.articles = Counter("newsqa_ingest_articles", "Articles written through the API, by result.", ["result"], registry=r)
        self.chunks = Counter("newsqa_ingest_chunks", "Chunks written through the API.", registry=r)
        self.generation = Gauge(
            "newsqa_keyword_index_generation",
            "Updates the keyword index took in this process (grows after writes).",
            registry=r,
        )
        self.rebuild = Histogram(
            "newsqa_keyword_index_rebuild_seconds",
            "Time to build the keyword index from an empty one (a first start over a stored corpus).",
            buckets=_REBUILD_BUCKETS,
            registry=r,
        )
        self.rebuild_failures = Counter(
            "newsqa_keyword_index_rebuild_failures", "Keyword index catch-ups that failed.", registry=r
        )
        self.catch_up = Histogram(
            "newsqa_keyword_index_catch_up_seconds",
            "Time to bring the keyword index up to a write (the articles written, or those whose version differs).",
            buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.delta = Gauge(
            "newsqa_keyword_index_updated_articles", "Articles the keyword index rewrote in its last update.", registry=r
        )

    def _feeds(self, r: CollectorRegistry) -> None:
        # the source label holds names from the operator's sources file only (rag/feeds/sources.py): bounded
        self.polls = Counter(
            "newsqa_feed_polls", "Polls of a feed source, by source and result.", ["source", "result"], registry=r
        )
        self.feed_articles = Counter(
            "newsqa_feed_articles", "Articles a poll found, by source and result.", ["source", "result"], registry=r
        )
        self.freshness = Histogram(
            "newsqa_feed_freshness_seconds",
            "From an entry's appearance in its feed (its date, kept within the poll that found it) to its article "
            "being searchable.",
            buckets=_FRESH_BUCKETS,
            registry=r,
        )

    def _zeros(self) -> None:
        # every known label value is exported from the start (at 0), so rate() and alerts see a series at once
        for kind in ("prompt", "completion"):
            self.tokens.labels(kind=kind)
        for stage in ("condense", "generate", "verify"):
            self.llm_errors.labels(stage=stage)
        for status in ("answered", "not_in_corpus"):
            self.answers.labels(status=status)
        for result in ("added", "replaced", "unchanged", "failed"):
            self.articles.labels(result=result)

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = {"method": method_label(method), "route": route, "status": str(status)}
        self.requests.labels(**labels).inc()
        self.latency.labels(**labels).observe(seconds)

    def observe(self, event: TelemetryEvent) -> None:
        match event:
            case Answered(answer=answer, cached=cached):
                self.answers.labels(status=answer.status).inc()
                if cached:
                    self.cached.inc()
                for key, ms in answer.trace.timings.items():
                    self.stages.labels(stage=key.removesuffix("_ms")).observe(ms / 1000)
                if (usage := answer.trace.usage) is not None and not cached:  # spent once, when it was formed
                    self.tokens.labels(kind="prompt").inc(usage.prompt_tokens)
                    self.tokens.labels(kind="completion").inc(usage.completion_tokens)
            case LLMFailed(stage=stage):
                self.llm_errors.labels(stage=stage).inc()
            case Written(results=results, failed=failed):
                for result in results:
                    self.articles.labels(result=result.kind).inc()
                    self.chunks.inc(result.chunks)
                if failed:
                    self.articles.labels(result="failed").inc(failed)
            case KeywordRefreshed(ok=False):
                self.rebuild_failures.inc()
            case KeywordRefreshed(count=count, seconds=seconds, built=built, articles=articles):
                self.generation.set(count)
                self.delta.set(articles)
                (self.rebuild if built else self.catch_up).observe(seconds)
            case Polled():
                self._polled(event)
            case Fresh(seconds=seconds):
                self.freshness.observe(seconds)

    def _polled(self, event: Polled) -> None:
        self.polls.labels(source=event.source, result="ok" if event.ok else "failed").inc()
        for result in ("new", "changed", "unchanged", "failed"):
            self.feed_articles.labels(source=event.source, result=result).inc(getattr(event, result))
