"""`newsqa eval`: retrieval, answer and multiple-choice quality on a question set, with a baseline row. The options
are read here and the results printed; each mode's run is evals/runs.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from evals.chart import write_chart
from evals.context import SENTENCES, WINDOWS
from evals.data import BadEvalFile
from evals.funnel import STAGES as FUNNEL_STAGES
from evals.index import IndexMismatch
from evals.runs import MODES, Run, err, run


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
            shown = {k: v for k, v in results[key].items() if k not in ("total_ms_all", "per_question", "funnel")}
            typer.echo(f"{key}: {json.dumps(shown, indent=1)}")
        elif key in results:
            typer.echo(f"{key}: {json.dumps(results[key], indent=1)}")
    if isinstance(results.get("answers"), dict) and "funnel" in results["answers"]:
        _print_funnel(results["answers"]["funnel"])


def _print_funnel(table: dict[str, Any]) -> None:
    """Where the answer is lost (evals/funnel.py): each stage over all questions and over those whose own articles
    hold it."""
    mine, every = table["answer_in_sources"], table["all"]
    title = f"where the answer is lost ({every['questions']:.0f} questions; in their own articles: {mine['questions']:.0f})"
    shown = Table("the answer's words are", "of all", "of those in their own articles", title=title)
    for stage in FUNNEL_STAGES:
        shown.add_row(stage.replace("_", " "), f"{every[stage]:.3f}", f"{mine[stage]:.3f}")
    Console().print(shown)


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


def eval_command(  # noqa: PLR0913  (a typer command: each option is a parameter)
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
    if mode not in (*MODES, "followups"):
        raise typer.BadParameter(f"choose one of {', '.join((*MODES, 'followups'))}", param_hint="--mode")
    grid = {"sentences": _ints(sentences, "--sentences", 1, 30), "windows": _ints(windows, "--windows", 0, 3)}
    ks = list(_ints(k, "--k", 1, 50))  # checked before the corpus is read and indexed
    asked = Run(questions, corpus, mode, ks, distractors, limit, baseline, as_of, with_model, grid, index_dir)
    with _one_line_reasons():
        results, default = run(asked, ctx.obj)
    target = out or default
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2))
    if mode == "followups":
        typer.echo(json.dumps({k: v for k, v in results.items() if "rewriting" in k}, indent=1))
        return
    chart = write_chart(results, target.with_suffix(".png"))
    err.print(f"results: {target}  chart: {chart}", markup=False)
    if as_json:
        typer.echo(json.dumps(results, indent=2))
    else:
        _print(results)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
