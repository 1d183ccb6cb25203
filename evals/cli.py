"""`newsqa eval`: measure retrieval (and, with the answering modes, answers) on a question set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from evals.data import load_questions, select_corpus
from evals.index import ensure_index, eval_settings
from evals.machine import stamp
from evals.retrieval import evidence_scores, retrieval_table
from rag.embeddings import build_embedder
from rag.runtime import build_runtime
from rag.settings import Settings

err = Console(stderr=True, highlight=False)


def _print_table(table: dict[str, dict[str, float]]) -> None:
    columns = list(next(iter(table.values())))
    view = Table("retrieval", *columns, title="article-level retrieval")
    for mode, row in table.items():
        view.add_row(mode, *(f"{row[c]:.3f}" for c in columns))
    Console().print(view)


def eval_command(
    ctx: typer.Context,
    questions: Annotated[Path, typer.Argument(help="Questions (JSON lines with question, gold_doc_ids, answer_text, choices).")],
    corpus: Annotated[Path, typer.Option(help="Corpus (JSON lines, optionally .gz) the questions are about.")],
    mode: Annotated[str, typer.Option(help="retrieval (answer and choice modes: see issue 4).")] = "retrieval",
    k: Annotated[str, typer.Option(help="Comma-separated k for Hits@k.")] = "1,3,5,10",
    distractors: Annotated[int, typer.Option(help="Non-gold articles sampled (seed 924); -1 for the whole corpus.")] = 600,
    limit: Annotated[int, typer.Option(help="Only the first N questions (0: all).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Index the corpus into its own data dir (reused while unchanged) and score every question."""
    if mode != "retrieval":
        raise typer.BadParameter("only --mode retrieval is available so far", param_hint="--mode")
    base: Settings = ctx.obj
    qs = load_questions(questions)[: limit or None]
    articles = select_corpus(corpus, qs, None if distractors < 0 else distractors)
    settings = eval_settings(base, articles).model_copy(update={"llm": base.llm.model_copy(update={"provider": "extractive"})})
    embedder = build_embedder(settings)
    ensure_index(settings, articles, embedder, log=lambda m: err.print(m, markup=False))
    runtime = build_runtime(settings, embedder=embedder)
    try:
        ks = [int(x) for x in k.split(",")]
        results: dict[str, Any] = {
            **stamp(),
            "command": f"newsqa eval {questions} --corpus {corpus} --distractors {distractors}",
            "questions": len(qs),
            "articles": len(articles),
            "retrieval": retrieval_table(runtime.service, qs, ks, ["dense", "keyword", "hybrid"]),
            "evidence": evidence_scores(runtime.service, qs)["percentiles"],
        }
    finally:
        runtime.close()
    if as_json:
        typer.echo(json.dumps(results, indent=2))
    else:
        _print_table(results["retrieval"])
        typer.echo(json.dumps({"evidence_score_percentiles": results["evidence"]}, indent=2))


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
