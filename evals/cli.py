"""`newsqa eval`: retrieval, answer and multiple-choice quality on a question set, with a baseline row."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from evals.answers import score_answers
from evals.baseline import baseline_scores
from evals.chart import write_chart
from evals.choice import choice_accuracy
from evals.context import SENTENCES, WINDOWS, context_table
from evals.data import BadEvalFile, load_questions, select_corpus
from evals.followups import followup_scores, load_conversations, seed_records
from evals.index import IndexMismatch, ensure_index, eval_settings
from evals.machine import stamp
from evals.metrics import answer_matches
from evals.retrieval import evidence_scores, retrieval_table
from rag.components import Components, build_components
from rag.settings import Settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message, never wrapped
MODES = ("retrieval", "answer", "choice", "context", "followups")


def _print(results: dict[str, Any]) -> None:
    rows = {**results.get("retrieval", {}), **({"llamaindex baseline": results["baseline"]} if "baseline" in results else {})}
    if rows:
        columns = sorted({c for row in rows.values() for c in row}, key=lambda c: (not c.startswith("hits"), c))
        table = Table("retrieval", *columns, title=f"{results['questions']} questions, {results['articles']} articles")
        for name, row in rows.items():
            table.add_row(name, *(f"{row[c]:.3f}" if c in row else "" for c in columns))
        Console().print(table)
    for key in ("answers", "choice", "context"):
        if isinstance(results.get(key), dict):
            shown = {k: v for k, v in results[key].items() if k not in ("total_ms_all", "per_question")}
            typer.echo(f"{key}: {json.dumps(shown, indent=1)}")
        elif key in results:
            typer.echo(f"{key}: {json.dumps(results[key], indent=1)}")


def _retrieval(c: Components, articles: list[dict[str, Any]], qs: list[Any], ks: list[int], baseline: bool) -> dict[str, Any]:
    settings, results = c.settings, dict[str, Any]()
    table = retrieval_table(c.retriever, settings.retrieval, qs, ks, ["dense", "keyword", "hybrid"])
    table |= retrieval_table(c.retriever, settings.retrieval, qs, ks, ["hybrid"], time_aware=False)
    results["retrieval"] = table
    results["evidence"] = evidence_scores(c.retriever, c.evidence, qs)["percentiles"]
    if baseline:
        results["baseline"] = baseline_scores(settings, articles, qs, c.embedder, ks)
    return results


def _run(
    mode: str,
    c: Components,
    articles: list[dict[str, Any]],
    qs: list[Any],
    ks: list[int],
    flags: dict[str, bool],
    grid: dict[str, tuple[int, ...]],
) -> dict[str, Any]:
    settings = c.settings
    if mode == "retrieval":  # retrieval and evidence only: no chat model is started
        return _retrieval(c, articles, qs, ks, flags["baseline"])
    if mode == "context":
        return {"context": context_table(c, qs, with_model=flags["with_model"], **grid), "provider": settings.llm.provider}
    if mode == "answer":
        # without gold articles (realtimeqa2025) there is no retrieval to score: Hits@k would read 0
        gold = any(q.gold_doc_ids for q in qs)
        retrieval = (
            retrieval_table(c.retriever, settings.retrieval, qs, ks, [settings.retrieval.mode], flags["as_of"]) if gold else {}
        )
        scores = score_answers(c.qa, c.articles, qs, use_as_of=flags["as_of"], titles=settings.answer.titles)
        answers = {**scores.summary(), "provider": settings.llm.provider, "as_of": flags["as_of"], "examples": scores.examples}
        answers["refusal_confidence"] = settings.answer.refusal_confidence  # what bench/tune/refusal_confidence.py replays
        per = {
            "total_ms_all": scores.timings.get("total_ms", []),
            "per_question": _with_results(scores.per_question(), qs, articles),
        }
        return {"retrieval": retrieval, "answers": answers | per}
    chat = c.chat.model
    return {"choice": {"accuracy": choice_accuracy(c.qa, qs, chat, c.prompts), "by": "llm" if chat else "evidence"}}


def _with_results(rows: list[dict[str, Any]], qs: list[Any], articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where a question names the articles a search returned for it (realtimeqa2025), whether the answer occurs in
    one of them: a question whose answer occurs in none should be abstained on."""
    texts = {a["doc_id"]: a["text"] for a in articles}
    for row, q in zip(rows, qs, strict=True):
        if q.gcs_doc_ids:
            row["answer_in_results"] = any(answer_matches(texts.get(d, ""), q.answer_text) for d in q.gcs_doc_ids)
    return rows


@contextmanager
def _one_line_reasons() -> Iterator[None]:
    """Input the eval cannot use (an unreadable file, an index of other articles) ends it with one line, exit 1."""
    try:
        yield
    except (BadEvalFile, IndexMismatch) as exc:
        err.print(f"newsqa: {exc}", markup=False)
        raise typer.Exit(1) from None


def _csv(values: tuple[int, ...]) -> str:
    return ",".join(str(v) for v in values)


def _ints(text: str, hint: str, low: int, high: int) -> tuple[int, ...]:
    try:
        values = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        values = ()
    if not values or any(not low <= v <= high for v in values):
        raise typer.BadParameter(f"comma-separated whole numbers from {low} to {high}", param_hint=hint)
    return values


def eval_command(
    ctx: typer.Context,
    questions: Annotated[
        Path,
        typer.Argument(
            help="Questions (JSON lines: question, choices, answer_index, answer_text, gold_doc_ids).",
            exists=True,
            dir_okay=False,
        ),
    ],
    corpus: Annotated[
        Path,
        typer.Option(help="The articles (JSON lines, optionally .gz) the questions are about.", exists=True, dir_okay=False),
    ],
    mode: Annotated[
        str, typer.Option(help="retrieval | answer | choice | context (evidence size sweep) | followups (conversations file).")
    ] = "retrieval",
    k: Annotated[str, typer.Option(help="Comma-separated k for Hits@k.")] = "1,3,5,10",
    distractors: Annotated[int, typer.Option(help="Non-gold articles sampled (seed 924); -1: the whole corpus.")] = 600,
    limit: Annotated[int, typer.Option(min=0, help="Only the first N questions (0: all).")] = 0,
    baseline: Annotated[bool, typer.Option(help="retrieval mode: also score a plain LlamaIndex pipeline.")] = True,
    as_of: Annotated[bool, typer.Option(help="answer mode: ask each question as of its question_date.")] = True,
    with_model: Annotated[bool, typer.Option(help="context mode: also answer with the chat model per setting.")] = False,
    sentences: Annotated[str, typer.Option(help="context mode: evidence sizes to sweep (comma-separated).")] = _csv(SENTENCES),
    windows: Annotated[str, typer.Option(help="context mode: neighbour windows to sweep (comma-separated).")] = _csv(WINDOWS),
    index_dir: Annotated[
        Path | None,
        typer.Option(
            help="Score against this data dir (e.g. one `newsqa ingest` built from the same corpus file) instead of the "
            "eval's own index; it must hold exactly the selected articles (nothing is ingested into it).",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the JSON results here (a PNG chart goes beside it).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Index the corpus into its own data dir (reused while unchanged) and score every question.

    The chat model follows the settings (NEWSQA_LLM__PROVIDER=extractive for the fast, LLM-free run).
    """
    if mode not in MODES:
        raise typer.BadParameter(f"choose one of {', '.join(MODES)}", param_hint="--mode")
    base: Settings = ctx.obj
    grid = {"sentences": _ints(sentences, "--sentences", 1, 30), "windows": _ints(windows, "--windows", 0, 3)}
    ks = list(_ints(k, "--k", 1, 50))  # checked before the corpus is read and indexed
    if mode == "followups":
        with _one_line_reasons():
            _followups(base, questions, corpus, distractors, out)
        return
    started = time.monotonic()
    with _one_line_reasons():
        qs = load_questions(questions)[: limit or None]
        articles = select_corpus(corpus, {d for q in qs for d in q.gold_doc_ids}, None if distractors < 0 else distractors)
    settings = eval_settings(base, articles, index_dir)
    if not as_of:  # the time-unaware baseline: no date, no window from time words, no recency prior
        unaware = settings.retrieval.model_copy(update={"time_words": False, "recency_weight": 0.0})
        settings = settings.model_copy(update={"retrieval": unaware})
    with build_components(settings) as components:
        with _one_line_reasons():
            ensure_index(components, articles, log=lambda m: err.print(m, markup=False), given=index_dir is not None)
        flags = {"baseline": baseline, "as_of": as_of, "with_model": with_model}
        extra = ("" if as_of else " --no-as-of") + (" --with-model" if with_model else "")
        if index_dir is not None:
            extra += f" --index-dir {index_dir.name}"
        if mode == "context" and (grid["sentences"], grid["windows"]) != (SENTENCES, WINDOWS):
            extra += f" --sentences {sentences} --windows {windows}"
        command = f"newsqa eval {questions.name} --corpus {corpus.name} --mode {mode} --distractors {distractors}{extra}"
        results = {**stamp(), "command": command, "questions": len(qs), "articles": len(articles)}
        results |= _run(mode, components, articles, qs, ks, flags, grid)
    results["wall_s"] = round(time.monotonic() - started, 1)  # corpus read, index (or its check) and every question
    target = out or settings.data_dir / f"results-{mode}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2))
    chart = write_chart(results, target.with_suffix(".png"))
    err.print(f"results: {target}  chart: {chart}", markup=False)
    if as_json:
        typer.echo(json.dumps(results, indent=2))
    else:
        _print(results)


def _followups(base: Settings, path: Path, corpus: Path, distractors: int, out: Path | None) -> None:
    """Conversations over the dev corpus and the seeds: follow-up accuracy with and without rewriting."""
    conversations = load_conversations(path)
    gold = {d for c in conversations if c.corpus == "realtimeqa" for d in c.gold_doc_ids}
    articles = select_corpus(corpus, gold, None if distractors < 0 else distractors) + seed_records(SEEDS)
    settings = eval_settings(base, articles)
    with build_components(settings) as components:
        ensure_index(components, articles, log=lambda m: err.print(m, markup=False))
        results: dict[str, Any] = {**stamp(), "command": f"newsqa eval {path.name} --mode followups", "articles": len(articles)}
        results |= {"conversations": len(conversations), "provider": settings.llm.provider}
        results["with_rewriting"] = followup_scores(components.qa, conversations, rewrite=True)
        results["without_rewriting"] = followup_scores(components.qa, conversations, rewrite=False)
    target = out or settings.data_dir / "results-followups.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2))
    typer.echo(json.dumps({k: v for k, v in results.items() if "rewriting" in k}, indent=1))


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
