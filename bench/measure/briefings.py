"""Briefings on the open-question set (evals/sets/open_questions.jsonl: questions written for this over the 2025 corpus's
weeks and the seed, each with the stories a good briefing includes), in one run: each question is briefed with the
quotes as lines (the default) and with the model shortening them (briefing.compose=model), and a factoid question of
the same day is answered by the model, the three by turns so the shared machine's noise falls on all of them.

    python -m bench.measure.briefings [--index realtimeqa2025=DIR] [--limit N] [--no-model]

Per arm: briefed (answered as a briefing, of the questions with stories) and abstained (of those without), lines
per briefing, distinct articles per briefing (each a story of its own by construction, but a topic with fewer
stories gets more sentences of theirs), lines whose cited quote states them (the claim check:
every number, name and date and most words), expected stories found (a story counts when all its keywords stand
in a cited quote or its article's title), cited articles inside the window, stories several outlets reported,
latency p50/p95 and the briefing's p50 over the factoid's (paired). Writes bench/results/briefings.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench.common import RESULTS, ROOT
from bench.tune.evidence_ranker import SETS
from evals.data import load_questions
from evals.machine import stamp
from evals.metrics import mean, percentile
from evals.runs import Run, indexed
from ingest.job import IngestJob
from rag.answer.briefing import Briefer
from rag.answer.briefing_lines import states_quote
from rag.answer.recent import RecentAnswers
from rag.answer.service import QAService, Reading
from rag.answers import Answer, Ask
from rag.components import Components, build_components
from rag.settings import AnswerSettings, BriefingSettings, Settings
from rag.trust.corroboration import outlet

OPEN_SET = ROOT / "evals" / "sets" / "open_questions.jsonl"
SEED_FACTOID = "Who led the Russian delegation?"


@dataclass
class Arm:
    """What one way of answering gave, question by question."""

    seconds: list[float] = field(default_factory=list)
    briefed: list[float] = field(default_factory=list)
    abstained: list[float] = field(default_factory=list)
    lines: list[float] = field(default_factory=list)
    articles: list[float] = field(default_factory=list)
    stated: list[float] = field(default_factory=list)
    found: list[float] = field(default_factory=list)
    in_window: list[float] = field(default_factory=list)
    multi_outlet: list[float] = field(default_factory=list)
    shortened: list[float] = field(default_factory=list)

    read_as_factoid: list[float] = field(default_factory=list)

    def add(self, item: dict[str, Any], answer: Answer, seconds: float) -> None:
        if item["kind"] == "factoid":  # written as open, read as a factoid by rule ("why ...?"): answered as one
            self.read_as_factoid.append(float(answer.kind == "answer"))
            return
        self.seconds.append(seconds)
        expected: list[list[str]] = item["expected"]
        given = answer.status == "answered" and answer.kind == "briefing"
        if not expected:
            self.abstained.append(float(answer.status == "not_in_corpus"))
            return
        self.briefed.append(float(given))
        if not given:
            self.found.append(0.0)
            return
        lines = answer.answer.split("\n")
        self.lines.append(len(lines))
        self.articles.append(len({c.doc_id for c in answer.citations}))
        for line, c in zip(lines, answer.citations, strict=False):
            said = line.removeprefix("- ").rsplit(" [", 1)[0]
            self.stated.append(float(said == " ".join(c.quote.split()) or states_quote(said, c.quote)))
            self.shortened.append(float(said != " ".join(c.quote.split())))
        said_where = [f"{c.quote} {c.title}".lower() for c in answer.citations]
        self.found.append(mean([float(any(all(k in s for k in story) for s in said_where)) for story in expected]))
        window = answer.trace.window
        for c in answer.citations:
            if window is not None and window.start is not None and c.published_at:
                published = datetime.fromisoformat(c.published_at.replace("Z", "+00:00"))
                self.in_window.append(float(window.start <= published.astimezone(window.start.tzinfo) <= window.as_of))
        cited_outlets = {c.doc_id: outlet(c.url) for c in answer.citations}
        others = {o.outlet for o in answer.corroboration if o.outlet}
        for doc_id in dict.fromkeys(c.doc_id for c in answer.citations):
            self.multi_outlet.append(float(bool(others - {cited_outlets[doc_id]})))

    def summary(self) -> dict[str, Any]:
        return {
            "questions": len(self.seconds),
            "written_open_read_as_factoid": len(self.read_as_factoid),
            "briefed": mean(self.briefed),
            "abstained_without_stories": mean(self.abstained),
            "lines_per_briefing": mean(self.lines),
            "articles_per_briefing": mean(self.articles),
            "lines_stated": mean(self.stated),
            "lines_shortened": mean(self.shortened),
            "expected_stories_found": mean(self.found),
            "cited_in_window": mean(self.in_window),
            "with_another_outlet": mean(self.multi_outlet),
            "p50_s": percentile(self.seconds, 50),
            "p95_s": percentile(self.seconds, 95),
        }


def _timed(ask: Any, *args: Any) -> tuple[Answer, float]:
    started = time.perf_counter()
    found = ask(*args)
    return found, time.perf_counter() - started


@contextmanager
def _seed_components(base: Settings) -> Iterator[Components]:
    with TemporaryDirectory() as folder:
        data = Path(folder)
        (data / "models").symlink_to(base.data_dir / "models", target_is_directory=True)
        with build_components(base.model_copy(update={"data_dir": data})) as components:
            IngestJob(components.indexer).run([ROOT / "seeds"])
            yield components


def _composing(components: Components) -> QAService:
    """The same service with briefing.compose=model: the model shortens each line in one call."""
    briefer = Briefer(components.retriever, BriefingSettings(compose="model"), components.prompts, components.chat.model)
    c = components
    return QAService(
        c.retriever,
        c.evidence,
        c.writer,
        c.checks,
        c.settings.answer,
        Reading(c.condenser, briefer),
        c.observers,
        RecentAnswers(0),
    )


def run_corpus(
    components: Components, items: list[dict[str, Any]], factoids: dict[str, str], arms: dict[str, Arm], model: bool
) -> None:
    composing = _composing(components) if model else None
    for i, item in enumerate(items):
        when = date.fromisoformat(item["as_of"])
        asks = {"quotes": (components.qa, Ask.of(item["question"], as_of=when))}
        if composing is not None and item["kind"] != "factoid":
            asks["model"] = (composing, Ask.of(item["question"], as_of=when))
            asks["factoid"] = (components.qa, Ask.of(factoids.get(item["as_of"], SEED_FACTOID), as_of=when))
        order = list(asks)
        order = order[i % len(order) :] + order[: i % len(order)]  # by turns
        for name in order:
            service, ask = asks[name]
            answer, seconds = _timed(service.answer, ask)
            if name == "factoid":
                arms[name].seconds.append(seconds)
            else:
                arms[name].add(item, answer, seconds)
        print(f"{i + 1}/{len(items)} {item['id']} {item['question']!r}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--index", action="append", default=[], metavar="SET=DIR", help="realtimeqa2025=DIR: its index built already."
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="Where the eval indexes (and models) live.")
    parser.add_argument("--limit", type=int, default=0, help="The first N questions of each corpus (0: all).")
    parser.add_argument("--no-model", action="store_true", help="Only the quotes arm (no model is started).")
    args = parser.parse_args()
    items = [json.loads(line) for line in OPEN_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    given = dict(item.split("=", 1) for item in args.index)
    base = Settings(data_dir=args.data_dir, _env_file=None, answer=AnswerSettings(recent_answers=0, verify=False))
    arms = {name: Arm() for name in ("quotes", "model", "factoid")}
    questions, corpus, _ = SETS["realtimeqa2025"]
    factoids: dict[str, str] = {}
    for q in load_questions(questions):
        factoids.setdefault(q.question_date or "", q.question)
    started = time.monotonic()
    run = Run(
        questions,
        corpus,
        "answer",
        distractors=-1,
        index_dir=Path(given["realtimeqa2025"]) if "realtimeqa2025" in given else None,
    )
    news = [i for i in items if i["corpus"] == "realtimeqa2025"][: args.limit or None]
    with indexed(run, base) as scored:
        run_corpus(scored.components, news, factoids, arms, not args.no_model)
    seeds = [i for i in items if i["corpus"] == "seeds"][: args.limit or None]
    with _seed_components(base) as components:
        run_corpus(components, seeds, {}, arms, not args.no_model)
    result: dict[str, Any] = {
        **stamp(),
        "command": "python -m bench.measure.briefings",
        "wall_s": round(time.monotonic() - started),
    }
    asked = [*news, *seeds]
    result["set"] = {
        "questions": len(asked),
        "open": sum(i["kind"] == "open" for i in asked),
        "time": sum(i["kind"] == "time" for i in asked),
        "read_as_factoid": sum(i["kind"] == "factoid" for i in asked),
        "without_stories": sum(not i["expected"] for i in asked if i["kind"] != "factoid"),
    }
    result["arms"] = {name: arm.summary() for name, arm in arms.items() if arm.seconds}
    if arms["model"].seconds:
        factoid = percentile(arms["factoid"].seconds, 50)
        result["p50_over_factoid"] = {n: round(percentile(arms[n].seconds, 50) / factoid, 3) for n in ("quotes", "model")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "briefings.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
