"""QAService: retrieve, select evidence sentences, generate (or not), cite. No HTTP here."""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass

import numpy as np

from rag import citations as cite
from rag.documents import Documents
from rag.embeddings import Embedder
from rag.errors import LLMUnavailable
from rag.evidence import Evidence, select_evidence
from rag.generation import ChatModel, Prompts, build_messages, is_refusal
from rag.retrieval import Retriever
from rag.settings import Settings
from rag.store import ChromaStore
from rag.types import Answer, Citation, Filters, Hit

ANSWERED, NOT_IN_CORPUS = "answered", "not_in_corpus"


@dataclass(frozen=True)
class StreamEvent:
    """delta (text), citation (a Citation) or done (the full Answer)."""

    kind: str
    data: str | Citation | Answer


class _Clock:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[f"{name}_ms"] = round((now - self.last) * 1000, 2)
        self.last = now

    def done(self) -> dict[str, float]:
        self.timings["total_ms"] = round((time.perf_counter() - self.started) * 1000, 2)
        return self.timings


class QAService:
    """answer(question) -> Answer with exact citations; search(question) -> ranked chunks."""

    def __init__(
        self,
        embedder: Embedder,
        llm: ChatModel | None,
        store: ChromaStore,
        retriever: Retriever,
        documents: Documents,
        prompts: Prompts,
        settings: Settings,
    ) -> None:
        self.documents = documents
        self.embedder = embedder
        self.llm = llm
        self.store = store
        self.retriever = retriever
        self.prompts = prompts
        self.settings = settings

    def search(self, question: str, k: int | None = None, filters: Filters = Filters()) -> list[Hit]:
        return self.retriever.search(question, k or self.settings.retrieval.top_k, filters).hits

    def evidence(self, question: str, top_k: int | None = None, filters: Filters = Filters()) -> Evidence:
        """The numbered source sentences answer() would use (for evaluation and debugging)."""
        return self._evidence(question, top_k, filters, _Clock())

    def _evidence(self, question: str, top_k: int | None, filters: Filters, clock: _Clock) -> Evidence:
        found = self.retriever.search(question, top_k or self.settings.retrieval.top_k, filters)
        clock.lap("retrieve")
        a = self.settings.answer
        evidence = select_evidence(question, found.query_vector, found.hits, self.embedder, a.rerank_pool, a.context_sentences)
        clock.lap("evidence")
        return evidence

    def _abstain(self, clock: _Clock) -> Answer:
        return Answer(self.prompts.refusal, NOT_IN_CORPUS, timings=clock.done())

    def _extractive(self, evidence: Evidence, clock: _Clock) -> Answer:
        text, citations = cite.extractive(evidence.passages[0])
        self._verify(citations)
        clock.lap("cite")
        return Answer(text, ANSWERED, citations, timings=clock.done())

    def _cited(self, reply: str, evidence: Evidence, clock: _Clock) -> Answer:
        if is_refusal(reply):
            return self._abstain(clock)
        claims = cite.claims(reply)
        vectors = np.asarray(self.embedder.embed(claims), dtype=np.float32) if claims else np.zeros((0, 1))
        cosines = (vectors @ evidence.vectors.T).tolist() if claims else []
        text, citations, unsupported = cite.attribute(reply, evidence.passages, cosines)
        self._verify(citations)
        clock.lap("cite")
        return Answer(text, ANSWERED, citations, unsupported, timings=clock.done())

    def _verify(self, citations: list[Citation]) -> None:
        texts = {}
        for doc_id in {c.doc_id for c in citations}:
            stored = self.store.get_article(doc_id)
            texts[doc_id] = stored[1] if stored else ""
        cite.verify_quotes(citations, texts)

    def _use_llm(self) -> bool:
        return self.llm is not None and self.settings.llm.provider != "extractive"

    def answer(self, question: str, top_k: int | None = None, filters: Filters = Filters()) -> Answer:
        clock = _Clock()
        evidence = self._evidence(question, top_k, filters, clock)
        if evidence.best < self.settings.answer.min_evidence:
            return self._abstain(clock)
        if not self._use_llm():
            return self._extractive(evidence, clock)
        assert self.llm is not None
        try:
            reply = self.llm.complete(build_messages(self.prompts, question, evidence.passages))
        except LLMUnavailable:
            if self.settings.answer.fallback != "extractive":
                raise
            return self._extractive(evidence, clock)
        clock.lap("generate")
        return self._cited(reply, evidence, clock)

    def answer_stream(self, question: str, top_k: int | None = None, filters: Filters = Filters()) -> Iterator[StreamEvent]:
        """Text deltas as the model writes them, then each verified citation, then the full answer."""
        clock = _Clock()
        evidence = self._evidence(question, top_k, filters, clock)
        if evidence.best < self.settings.answer.min_evidence:
            final = self._abstain(clock)
            yield StreamEvent("delta", final.answer)
        elif not self._use_llm():
            final = self._extractive(evidence, clock)
            yield StreamEvent("delta", final.answer)
        else:
            final = yield from self._generate_streaming(question, evidence, clock)
        for citation in final.citations:
            yield StreamEvent("citation", citation)
        yield StreamEvent("done", final)

    def _generate_streaming(self, question: str, evidence: Evidence, clock: _Clock) -> Generator[StreamEvent, None, Answer]:
        assert self.llm is not None
        parts: list[str] = []
        try:
            for delta in self.llm.stream(build_messages(self.prompts, question, evidence.passages)):
                parts.append(delta)
                yield StreamEvent("delta", delta)
        except LLMUnavailable:
            if self.settings.answer.fallback != "extractive" or parts:
                raise
            final = self._extractive(evidence, clock)
            yield StreamEvent("delta", final.answer)
            return final
        clock.lap("generate")
        return self._cited("".join(parts), evidence, clock)
