"""One `newsqa eval` run per mode: the question set and its corpus indexed (reused while unchanged), then scored
the way the mode says. Each mode is one function of a Run; evals/cli.py only reads the options and prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from evals.answers import score_answers
from evals.baseline import baseline_scores
from evals.choice import choice_accuracy
from evals.context import SENTENCES, WINDOWS, context_table
from evals.data import Question, load_questions, select_corpus
from evals.followups import followup_scores, load_conversations, seed_records
from evals.index import ensure_index, eval_settings
from evals.machine import stamp
from evals.metrics import answer_matches
from evals.retrieval import evidence_scores, retrieval_table
from rag.components import Components, build_components
from rag.settings import Settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message, never wrapped


@dataclass(frozen=True)
class Run:
    """What `newsqa eval` was asked: the files, the mode, and that mode's options."""

    questions: Path
    corpus: Path
    mode: str
    ks: list[int] = field(default_factory=lambda: [1, 3, 5, 10])
    distractors: int = 600
    limit: int = 0
    baseline: bool = True
    as_of: bool = True
    with_model: bool = False
    grid: dict[str, tuple[int, ...]] = field(default_factory=lambda: {"sentences": SENTENCES, "windows": WINDOWS})
    index_dir: Path | None = None

    def command(self) -> str:
        """The command line that reproduces this run (as the results file records it)."""
        extra = ("" if self.as_of else " --no-as-of") + (" --with-model" if self.with_model else "")
        if self.index_dir is not None:
            extra += f" --index-dir {self.index_dir.name}"
        if self.mode == "context" and (self.grid["sentences"], self.grid["windows"]) != (SENTENCES, WINDOWS):
            sweep = {k: ",".join(map(str, v)) for k, v in self.grid.items()}
            extra += f" --sentences {sweep['sentences']} --windows {sweep['windows']}"
        return f"newsqa eval {self.questions.name} --corpus {self.corpus.name} --mode {self.mode} --distractors {self.distractors}{extra}"


@dataclass
class Scored:
    """What a mode scores: the indexed components, the articles and the questions."""

    components: Components
    articles: list[dict[str, Any]]
    questions: list[Question]


def run(run: Run, base: Settings) -> tuple[dict[str, Any], Path]:
    """The results of the run, and where they are written by default (the eval's data dir)."""
    if run.mode == "followups":
        return _followups(run, base)
    started = time.monotonic()
    with indexed(run, base) as scored:
        results = {**stamp(), "command": run.command(), "questions": len(scored.questions), "articles": len(scored.articles)}
        results |= MODES[run.mode](run, scored)
        data_dir = scored.components.settings.data_dir
    results["wall_s"] = round(time.monotonic() - started, 1)  # corpus read, index (or its check) and every question
    return results, data_dir / f"results-{run.mode}.json"


@contextmanager
def indexed(run: Run, base: Settings) -> Iterator[Scored]:
    """The run's questions and corpus indexed (reused while unchanged), with the components over that index."""
    qs = load_questions(run.questions)[: run.limit or None]
    gold = {d for q in qs for d in q.gold_doc_ids}
    articles = select_corpus(run.corpus, gold, None if run.distractors < 0 else run.distractors)
    settings = eval_settings(base, articles, run.index_dir)
    if not run.as_of:  # the time-unaware baseline: no date, no window from time words, no recency prior
        unaware = settings.retrieval.model_copy(update={"time_words": False, "recency_weight": 0.0})
        settings = settings.model_copy(update={"retrieval": unaware})
    with build_components(settings) as components:
        ensure_index(components, articles, log=lambda m: err.print(m, markup=False), given=run.index_dir is not None)
        yield Scored(components, articles, qs)


def _retrieval(run: Run, s: Scored) -> dict[str, Any]:
    """Hits@k and MRR per retriever, time-aware and not; evidence scores; a plain LlamaIndex pipeline beside them.
    No chat model is started."""
    c, qs = s.components, s.questions
    table = retrieval_table(c.retriever, c.settings.retrieval, qs, run.ks, ["dense", "keyword", "hybrid"])
    table |= retrieval_table(c.retriever, c.settings.retrieval, qs, run.ks, ["hybrid"], time_aware=False)
    results: dict[str, Any] = {"retrieval": table, "evidence": evidence_scores(c.retriever, c.evidence, qs)["percentiles"]}
    if run.baseline:
        results["baseline"] = baseline_scores(c.settings, s.articles, qs, c.embedder, run.ks)
    return results


def _answer(run: Run, s: Scored) -> dict[str, Any]:
    """Every question answered and scored (and retrieval, where the set has gold articles: realtimeqa2025 has none)."""
    c, qs, settings = s.components, s.questions, s.components.settings
    gold = any(q.gold_doc_ids for q in qs)
    mode: list[str] = [settings.retrieval.mode]
    retrieval = retrieval_table(c.retriever, settings.retrieval, qs, run.ks, mode, run.as_of) if gold else {}
    scores = score_answers(c.qa, c.articles, qs, use_as_of=run.as_of, titles=settings.answer.titles)
    answers = {**scores.summary(), "provider": settings.llm.provider, "as_of": run.as_of, "examples": scores.examples}
    answers["refusal_confidence"] = settings.answer.refusal_confidence  # what bench/tune/refusal_confidence.py replays
    per = {"total_ms_all": scores.timings.get("total_ms", []), "per_question": _with_results(scores.per_question(), s)}
    return {"retrieval": retrieval, "answers": answers | per}


def _with_results(rows: list[dict[str, Any]], s: Scored) -> list[dict[str, Any]]:
    """Where a question names the articles a search returned for it (realtimeqa2025), whether the answer occurs in
    one of them: a question whose answer occurs in none should be abstained on."""
    texts = {a["doc_id"]: a["text"] for a in s.articles}
    for row, q in zip(rows, s.questions, strict=True):
        if q.gcs_doc_ids:
            row["answer_in_results"] = any(answer_matches(texts.get(d, ""), q.answer_text) for d in q.gcs_doc_ids)
    return rows


def _choice(run: Run, s: Scored) -> dict[str, Any]:
    """Multiple choice: the chat model picks a letter, or (extractive) the evidence decides."""
    c = s.components
    chat = c.chat.model
    return {"choice": {"accuracy": choice_accuracy(c.qa, s.questions, chat, c.prompts), "by": "llm" if chat else "evidence"}}


def _context(run: Run, s: Scored) -> dict[str, Any]:
    """The evidence size sweep (sentences x windows x titles), with the chat model's answers if asked."""
    table = context_table(s.components, s.questions, with_model=run.with_model, **run.grid)
    return {"context": table, "provider": s.components.settings.llm.provider}


MODES: dict[str, Callable[[Run, Scored], dict[str, Any]]] = {
    "retrieval": _retrieval,
    "answer": _answer,
    "choice": _choice,
    "context": _context,
}


def _followups(run: Run, base: Settings) -> tuple[dict[str, Any], Path]:
    """Conversations over the dev corpus and the seeds: follow-up accuracy with and without rewriting."""
    conversations = load_conversations(run.questions)
    gold = {d for c in conversations if c.corpus == "realtimeqa" for d in c.gold_doc_ids}
    articles = select_corpus(run.corpus, gold, None if run.distractors < 0 else run.distractors) + seed_records(SEEDS)
    settings = eval_settings(base, articles)
    with build_components(settings) as components:
        ensure_index(components, articles, log=lambda m: err.print(m, markup=False))
        command = f"newsqa eval {run.questions.name} --mode followups"
        results: dict[str, Any] = {**stamp(), "command": command, "articles": len(articles)}
        results |= {"conversations": len(conversations), "provider": settings.llm.provider}
        results["with_rewriting"] = followup_scores(components.qa, conversations, rewrite=True)
        results["without_rewriting"] = followup_scores(components.qa, conversations, rewrite=False)
    return results, settings.data_dir / "results-followups.json"
