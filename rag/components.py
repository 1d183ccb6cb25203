"""The one composition root: every part of newsqa built from Settings, on first use, and closed again.

Entry points (serve, ingest, list/delete, ask/search, eval, tests, benchmarks) take what they need from one
Components; nothing else constructs the parts. A part that is never asked for is never built, so
`newsqa list` loads no model and `newsqa search` starts no chat model.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from functools import cached_property
from typing import TYPE_CHECKING

from rag.answer.briefing import Briefer
from rag.answer.conversation import Condenser
from rag.answer.evidence import EvidenceSelector
from rag.answer.prompts import Prompts
from rag.answer.ranking import Ranker, bundled_ranker, read_ranker
from rag.answer.recent import RecentAnswers
from rag.answer.service import QAService, Reading
from rag.answer.writing import Writer
from rag.errors import BadSettingFile
from rag.providers.chat import ChatHandle, ChatModel, build_chat_model
from rag.providers.embedder import Embedder, TokenCounter, build_embedder, build_token_counter
from rag.providers.offline import enforce_offline_env
from rag.readiness import Readiness
from rag.search.retrieval import Retriever
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.keys import KeyStore
from rag.store.keyword_sync import KeywordSearch
from rag.telemetry import Observers
from rag.trust.checks import Checks
from rag.trust.confidence import Calibrator, Estimator, reads
from rag.types import Article, Indexed
from rag.write.articles import Articles
from rag.write.indexing import Indexer, LazyIndexer

if TYPE_CHECKING:
    from rag.feeds.loop import FeedLoop

log = logging.getLogger("newsqa.settings")


class Components:
    """Every part, built lazily from settings; embedder/llm/counter replace the configured ones (tests, evals).

    observers hears what the parts report (answers, model failures, writes, keyword rebuilds): an app adds its
    metrics there; with none added the reports go nowhere.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        llm: ChatModel | None = None,
        token_counter: TokenCounter | None = None,
        calibrator: Estimator | None = None,
    ) -> None:
        self.settings = settings
        self._embedder, self._llm, self._counter = embedder, llm, token_counter
        self._calibrator = calibrator
        self._closers: list[Callable[[], None]] = []
        self._bad_file_logged: str | None = None
        self.observers = Observers()
        enforce_offline_env()

    @cached_property
    def store(self) -> ChromaStore:
        return ChromaStore.open(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or build_embedder(self.settings)

    @cached_property
    def token_counter(self) -> TokenCounter:
        return self._counter or build_token_counter(self.settings)

    @cached_property
    def keyword(self) -> KeywordSearch:
        # data_dir/keyword held the bm25s index of earlier versions: a derived cache, rebuilt here in tantivy
        shutil.rmtree(self.settings.data_dir / "keyword", ignore_errors=True)
        search = KeywordSearch(self.store, self.settings.data_dir / "keyword-tantivy", observer=self.observers)
        search.catch_up()
        self._closers.append(search.close)
        return search

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.store, self.embedder, self.token_counter, self.settings.chunking)

    @cached_property
    def articles(self) -> Articles:
        return Articles(self.store, self._index, on_change=self._written, observer=self.observers)

    @cached_property
    def feeds(self) -> FeedLoop | None:
        """The feed poll loop over feeds.sources (None when unset), writing through articles, so what it fetches is
        searchable when its batch returns; the caller starts it, close() stops it."""
        if self.settings.feeds.sources is None:
            return None
        from rag.feeds.loop import FeedLoop  # feedparser, lxml and the HTTP client only for a process that polls

        # niceness is per thread: the loop writes through its own local embedder, whose thread pool the loop's lowered
        # thread builds, so the requests' embeddings get the CPU first (a remote or injected embedder is shared)
        own = self.settings.feeds.nice > 0 and self.settings.embedding.provider == "local" and self._embedder is None
        writer = self._loop_articles if own else self.articles
        loop = FeedLoop(self.settings, self.settings.feeds.sources, lambda: nullcontext(writer.put), self.observers)
        self._closers.append(loop.stop)
        return loop

    @cached_property
    def _loop_articles(self) -> Articles:
        s = self.settings
        lazy = LazyIndexer(lambda: Indexer(self.store, build_embedder(s), self.token_counter, s.chunking))
        return Articles(self.store, lazy.index, on_change=self._written, observer=self.observers)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.embedder, self.store, self.keyword, self.settings.retrieval)

    @cached_property
    def ranker(self) -> Ranker | None:
        """The sentence ranker: answer.ranker_file, else the shipped one; None for choice=hand."""
        answer = self.settings.answer
        if answer.choice == "hand":
            return None
        return read_ranker(answer.ranker_file) if answer.ranker_file else bundled_ranker()

    @cached_property
    def evidence(self) -> EvidenceSelector:
        return EvidenceSelector(self.embedder, self.settings.answer, self.ranker)

    @cached_property
    def prompts(self) -> Prompts:
        return Prompts.load(self.settings.prompts_dir)

    @cached_property
    def chat(self) -> ChatHandle:
        """The chat model: the one given, else the configured provider's (None for extractive)."""
        if self._llm is not None:
            return ChatHandle(self._llm, lambda: True, lambda: None)
        handle = build_chat_model(self.settings)
        self._closers.append(handle.close)
        return handle

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore(self.settings.data_dir / "keys.json", self.settings.api.keys)

    @cached_property
    def condenser(self) -> Condenser:
        return Condenser(self.chat.model, self.prompts, self.settings.conversation, self.token_counter, self.observers)

    @cached_property
    def writer(self) -> Writer:
        answer = self.settings.answer
        if answer.verify is None:  # a verification call costs a model call; spend it only when its signal counts
            answer = answer.model_copy(update={"verify": reads(self.calibrator, "verified")})
        return Writer(self.chat.model, self.prompts, self.evidence, answer, self.token_counter, self.observers)

    @cached_property
    def checks(self) -> Checks:
        refusal, answer = self.prompts.refusal, self.settings.answer
        return Checks(self.retriever, self.calibrator, answer.min_confidence, refusal, self.fallback_calibrator)

    @cached_property
    def qa(self) -> QAService:
        answer, briefing = self.settings.answer, self.settings.briefing
        recent = RecentAnswers(answer.recent_answers)
        chat = self.chat.model if briefing.compose == "model" else None
        briefer = Briefer(self.retriever, briefing, self.prompts, chat) if briefing.enabled else None
        reading = Reading(self.condenser, briefer)
        return QAService(self.retriever, self.evidence, self.writer, self.checks, answer, reading, self.observers, recent)

    @cached_property
    def calibrator(self) -> Estimator | None:
        """The one given, else answer.calibration, else the bundled calibrator for the provider: fitted on the
        embedded model's answers (local), on extractive answers (extractive), or on evidence signals only (another
        model: its logprobs mean something else)."""
        if self._calibrator is not None:
            return self._calibrator
        kind = {"local": "local", "extractive": "extractive"}.get(self.settings.llm.provider, "evidence")
        return Calibrator.load(self.settings.answer.calibration, kind)

    @cached_property
    def fallback_calibrator(self) -> Estimator | None:
        """With answer.fallback=extractive, the bundled calibrator fitted on extractive answers: a fallback answer
        has no model signals, so the model's calibrator would read it as an average model answer."""
        if self.settings.answer.fallback != "extractive":
            return None
        return Calibrator.load(None, "extractive")

    def check_setting_files(self) -> None:
        """Read the files the settings name (answer.ranker_file, answer.calibration) now, so one that is no ranker or
        calibrator stops start-up with its reason (BadSettingFile) instead of failing every ask."""
        _ = self.ranker, self.calibrator

    def bad_setting_file(self) -> str | None:
        """The setting whose file cannot be used (its path and reason are logged), else None. A file that failed is
        read again on the next call (a failed cached_property caches nothing), so mending it makes the service ready."""
        try:
            self.check_setting_files()
        except BadSettingFile as exc:
            if str(exc) != self._bad_file_logged:  # once per reason, not once per probe
                self._bad_file_logged = str(exc)
                log.warning("not ready, an unusable setting file: %s", exc)
            return exc.setting
        return None

    @cached_property
    def readiness(self) -> Readiness:
        provider = self.settings.llm.provider
        return Readiness(self.store, self.chat.ready, provider, lambda: self.keyword.error, self.bad_setting_file)

    def _index(self, articles: Sequence[Article]) -> list[Indexed]:
        return self.indexer.index(articles)  # resolved on the first write: reads and deletes load no embedder

    def _written(self, doc_ids: Sequence[str]) -> None:
        # only where keyword search is in use: a process that only writes (ingest) leaves it to the next reader
        if "keyword" in self.__dict__:
            self.keyword.updated(doc_ids)

    def close(self) -> None:
        """Stop what was started (the embedded chat model), newest first."""
        while self._closers:
            self._closers.pop()()

    def __enter__(self) -> Components:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_components(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    llm: ChatModel | None = None,
    token_counter: TokenCounter | None = None,
    calibrator: Estimator | None = None,
) -> Components:
    """The composition root every entry point uses; close() it (or use it as a context manager)."""
    return Components(settings, embedder=embedder, llm=llm, token_counter=token_counter, calibrator=calibrator)
