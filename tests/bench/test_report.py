"""docs/benchmarks.md renders the eval JSON: each number must reach its row, so a renamed key fails here."""

from __future__ import annotations

from typing import Any

from bench.measure.funnel_arms import BEFORE
from bench.report.page import render_page

STAMP = {"machine": "2 cores", "date": "2026-11-29 10:00 UTC", "questions": 139, "articles": 748}


def _answers(as_of: bool, accuracy: float) -> dict[str, Any]:
    """The shape `newsqa eval --mode answer` writes (evals/cli.py `_run`, evals/answers.py `summary`)."""
    answers = {
        "evidence_recall": 0.698,
        "answer_accuracy": accuracy,
        "resolved_choice_accuracy": 0.518,
        "false_abstention": 0.029,
        "answered": 0.95,
        "citation_precision": 0.841,
        "citation_support": 0.887,
        "exact_quote_rate": 1.0,
        "abstention_without_gold": 0.374,
        "answer_elsewhere": 0.216,
        "abstention_without_answer": 0.468,
        "citations": 132,
        "by_type": {"name": {"questions": 102, "evidence_recall": 0.755, "correct": 0.461, "resolved_choice": 0.578}},
        "latency_ms": {"retrieve_ms": {"p50": 167.19, "p95": 256.56}, "cite_ms": {"p50": 1.79, "p95": 7.33}},
        "provider": "extractive",
        "as_of": as_of,
    }
    mode = "hybrid" if as_of else "hybrid (no as_of)"
    return {**STAMP, "command": "newsqa eval --mode answer", "retrieval": {mode: {"hits@1": 0.5}}, "answers": answers}


RETRIEVAL = {
    **STAMP,
    "retrieval": {
        "hybrid": {"hits@1": 0.827, "hits@5": 0.957, "mrr@10": 0.883},
        "hybrid (no as_of)": {"hits@1": 0.669, "hits@5": 0.885, "mrr@10": 0.763},
    },
    "evidence": {"p5": {"present": 0.329, "removed": 0.148}},
    "baseline": {"hits@1": 0.633, "citation_precision": 0.463},
}


def _page(**results: dict[str, Any]) -> str:
    return "\n".join(render_page({name.replace("_", "-"): r for name, r in results.items()}))


def test_answer_section_has_every_metric_with_its_target() -> None:
    page = _page(answer_extractive=_answers(True, 0.424), retrieval=RETRIEVAL)
    for row in (
        "| article Hits@1 from the retrieval run, hybrid | 0.827 | >= 0.85 |",
        "| article Hits@5 from the retrieval run, hybrid | 0.957 | >= 0.95 |",
        "| 0.698 | >= 0.70 |",
        "| answer accuracy (answer contains the gold answer) | 0.424 | >= 0.45 |",
        "| 0.518 | >= 0.70 |",
        "| 0.841 | >= 0.90 |",
        "| citation support (inside a gold article, or the quote states the gold answer) | 0.887 |  |",
        "| exact-quote rate (132 citations) | 1.000 | 1.000 |",
        "| 0.374 | >= 0.80 |",
        "| gold filtered out, yet the evidence left holds the gold answer | 0.216 |  |",
        "| abstention where no evidence left holds it | 0.468 |  |",
        "| 0.029 | <= 0.10 |",
        "| name | 102 | 0.755 | 0.461 | 0.578 |",
        "| retrieve | 167 | 257 |",
        "| cite | 1.8 | 7.3 |",
    ):
        assert row in page
    assert "2026-11-29 10:00 UTC" in page


def test_the_whole_corpus_run_takes_hits_from_its_own_retrieval() -> None:
    page = _page(answer_extractive_all=_answers(True, 0.41) | {"wall_s": 150.0}, retrieval=RETRIEVAL)
    assert "Wall time: 2.5 min." in page
    assert "## Answers on the dev questions over the whole corpus" in page
    assert "| article Hits@1 from this run, hybrid | 0.500 | >= 0.85 |" in page
    assert "from the retrieval run" not in page


def test_an_older_answer_file_omits_the_rows_it_lacks() -> None:
    old = _answers(True, 0.302)
    old["answers"] = {k: old["answers"][k] for k in ("answer_accuracy", "citation_precision", "provider")} | {"provider": "local"}
    page = _page(answer=old)
    assert "| answer accuracy (answer contains the gold answer) | 0.302 | >= 0.55 |" in page
    assert "evidence recall" not in page
    assert "Hits@1" not in page  # no retrieval.json: no Hits rows rather than a crash


def test_as_of_comparison_needs_both_runs() -> None:
    with_as_of, without = _answers(True, 0.424), _answers(False, 0.216)
    page = _page(answer_extractive=with_as_of, answer_extractive_no_as_of=without, retrieval=RETRIEVAL)
    assert "| answer accuracy | 0.424 | 0.216 | +0.208 |" in page
    assert "| article hits@1 from the retrieval run, hybrid | 0.827 | 0.669 | +0.158 |" in page
    assert "with as_of vs without" not in _page(answer_extractive_no_as_of=without)


def test_retrieval_shows_time_unaware_rows_baseline_and_evidence() -> None:
    page = _page(retrieval=RETRIEVAL)
    assert "| hybrid (no as_of) | 0.669 | 0.885 | 0.763 |  |" in page
    assert "| LlamaIndex baseline (dense, top-5 chunks cited) | 0.633 |  |  | 0.463 |" in page
    assert "| p5 | 0.329 | 0.148 |" in page


def test_context_sweep_adds_model_columns_only_when_the_model_ran() -> None:
    rows = [
        {"sentences": 5, "window": 0, "titles": False, "evidence_recall": 0.705, "source_words": 140.2},
        {"sentences": 5, "window": 0, "titles": True, "evidence_recall": 0.748, "source_words": 158.0}
        | {"answer_accuracy": 0.41, "resolved_choice_accuracy": 0.52, "answered": 0.9, "p50_s": 5.25, "p95_s": 9.5},
    ]
    page = _page(context={**STAMP, "context": rows, "provider": "local"})
    assert "| 5 | 0 | no | 0.705 | 140 |  |  |  |  |  |" in page
    assert "| 5 | 0 | yes | 0.748 | 158 | 0.410 | 0.520 | 0.900 | 5.25 | 9.50 |" in page
    assert "answer accuracy" not in _page(context={**STAMP, "context": rows[:1]})


def test_context_runs_with_the_model_are_compared_question_by_question() -> None:
    model = {"evidence_recall": 0.7, "source_words": 150, "answer_accuracy": 0.5, "resolved_choice_accuracy": 0.6}
    rows = [
        {"sentences": 5, "window": 0, "titles": True, "correct_by_question": "1100"} | model,
        {"sentences": 5, "window": 1, "titles": True, "correct_by_question": "1011"} | model,
    ]
    page = _page(context_local={**STAMP, "context": rows, "provider": "local"})
    assert (
        "Question by question, 5 sentences / window 1 against 5 sentences / window 0: 2 answers right only with "
        "5 sentences / window 1, 1 only with 5 sentences / window 0." in page
    )
    assert "Question by question" not in _page(context_local={**STAMP, "context": rows[:1], "provider": "local"})


def test_choice_names_who_picked() -> None:
    page = _page(choice={**STAMP, "choice": {"accuracy": 0.8129, "by": "llm"}})
    assert "picked by llm" in page
    assert "**0.813**" in page


def test_followups_by_turn_with_and_without_rewriting() -> None:
    def scores(first: float, second: float) -> dict[str, Any]:
        turns = {"1": {"questions": 10, "accuracy": first}, "2": {"questions": 8, "accuracy": second}}
        return {"turns": turns, "follow_up_accuracy": second, "examples": []}

    result = {**STAMP, "conversations": 10, "provider": "local", "with_rewriting": scores(0.9, 0.75)}
    page = _page(followups={**result, "without_rewriting": scores(0.9, 0.25)})
    assert "(10 conversations" in page
    assert "| 2 | 8 | 0.750 | 0.250 |" in page
    assert "| all follow-ups (turn > 1) | 8 | 0.750 | 0.250 |" in page


def test_fuzz_reads_failures_from_the_schemathesis_summary() -> None:
    run = {"exit_code": 1, "cases": 240, "outcome": "7 found 3 unique failures, 2 skipped"}
    fuzz = {"machine": "m", "date": "d", "seconds_per_key": 120, "checks": ["not_a_server_error"]}
    page = _page(fuzz=fuzz | {"keys": {"read": run, "write": run | {"exit_code": 0, "outcome": "240 passed"}}})
    assert "| read | 240 | 3 | 1 |" in page and "| write | 240 | 0 | 0 |" in page
    assert "not_a_server_error" in page and "120 s per key" in page
    before_keys = {"machine": "m", "date": "d", "seconds": 120, "exit_code": 0, "cases": 240, "outcome": "240 passed"}
    assert "| none | 240 | 0 | 0 |" in _page(fuzz=before_keys)


def test_missing_files_are_skipped() -> None:
    assert "##" not in _page()


def test_injection_section_counts_the_followed_variants() -> None:
    page = "\n".join(render_page({"injection": {"provider": "local", "variants": 12, "followed": ["persona"]}}))
    assert "| 12 | 1 | 0.08 | persona |" in page


def test_paraphrase_section_shows_each_provider_and_prompt_folder() -> None:
    rows = [
        {"provider": "extractive", "prompts": None, "refused": [], "false_abstention": 0.0, "holds_answer": 0.76, "p50_s": 0.04},
        {
            "provider": "local",
            "prompts": "bundled",
            "refused": ["Where?"],
            "false_abstention": 1 / 34,
            "holds_answer": 0.7,
            "p50_s": 8.5,
            "refusal_confidence": 0.5,
        },
    ]
    page = "\n".join(render_page({"paraphrases": {"questions": 34, "rows": rows}}))
    assert "| extractive | - | - | 0 (0.00) | 0.76 | 0.04 |" in page
    assert "| local | bundled | 0.5 | 1 (0.03) | 0.70 | 8.50 |" in page


def test_refusal_confidence_section_shows_one_row_per_threshold() -> None:
    row = {
        "refusal_confidence": 0.5,
        "overruled": 17.0,
        "answer_accuracy": 0.612,
        "resolved_choice_accuracy": 0.705,
        "false_abstention": 0.065,
        "false_abstention_with_answer": 0.059,
        "abstention_without_answer": 0.6,
        "abstention_without_gold": 0.489,
        "citation_precision": 0.812,
    }
    result = {"questions": 139, "articles": 748, "refusals": {"with_gold": [0.3] * 20, "without_gold": []}, "rows": [row]}
    page = "\n".join(render_page({"refusal_confidence": result}))
    assert "| 0.5 | 17 | 0.612 | 0.705 | 0.065 | 0.059 | 0.600 | 0.489 | 0.812 |" in page
    assert "refusal on 20 questions" in page


def test_paired_section_shows_the_ratio() -> None:
    route = {
        "n": 20,
        "baseline_p50_ms": 36.0,
        "current_p50_ms": 52.0,
        "baseline_p95_ms": 48.6,
        "current_p95_ms": 79.4,
        "ratio_p50": 1.44,
    }
    page = "\n".join(render_page({"paired": {"articles": 100, "routes": {"search": route}}}))
    assert "| search | 20 | 36 | 52 | 49 | 79 | 1.44x |" in page


def test_embedder_section_has_speed_fidelity_and_hits_per_variant() -> None:
    speed = {"chunks_per_s": 60.6, "speedup_vs_fp32": 1.0, "cosine_mean": 1.0, "cosine_min": 1.0}
    int8 = {"chunks_per_s": 96.8, "speedup_vs_fp32": 1.6, "cosine_mean": 0.9957, "cosine_min": 0.992}
    result = {**STAMP, "chunks": 2000, "threads": 2, "speed": {"fp32": speed, "int8": int8}}
    page = _page(embedder={**result, "retrieval": {"int8": {"hybrid": {"hits@1": 0.82, "hits@5": 0.95}}}})
    assert "| fp32 | 60.6 | 1.00x | 1.0000 | 1.0000 | not run | not run |" in page
    assert "| int8 | 96.8 | 1.60x | 0.9957 | 0.9920 | 0.820 | 0.950 |" in page


def test_ingest_and_corpus_sections_show_their_targets() -> None:
    row = {"seconds": 10.0, "articles_per_s": 30.0, "chunks": 3700, "chunks_per_s": 370.0, "peak_rss_mb": 700.0}
    rows = {k: {**row, "variant": "int8"} for k in ("newsqa", "ceiling", "rerun")} | {"llamaindex": row}
    ratios = {"newsqa_vs_llamaindex_articles_per_s": 1.61, "newsqa_vs_ceiling_chunks_per_s": 0.96, "rerun_speedup": 900}
    page = _page(ingest={**STAMP, "rows": rows, "ratios": ratios})
    assert "| (b) LlamaIndex VectorStoreIndex.from_documents | fp32 |" in page and "| 1.61x | >= 1.5x |" in page
    assert "| 96% | >= 95% |" in page
    ingest = {"seconds": 540.0, "articles": 3773, "chunks": 45000, "articles_per_s": 7.0, "chunks_per_s": 83.3}
    fresh = {"searchable_after_post_s": [0.3] * 5, "searchable_p50_s": 0.31}
    serve = {
        "keyword_build_s": 20.0,
        "keyword_dir_mb": 40.0,
        "keyword_catch_up_s_mean": 0.2,
        "rss_mb_after_searches": 800.0,
        "search": {"n": 300, "p50_ms": 25.0, "p99_ms": 90.0},
        "freshness": fresh,
    }
    page = _page(corpus={**STAMP, "ingest": {**ingest, "peak_rss_mb": 1200.0, "data_dir_mb": 900.0}, "serve": serve})
    assert "| `newsqa ingest` wall time | 9.0 min (7.0 articles/s, 83 chunks/s) | <= 10 min |" in page
    assert "| 25.0 / 90.0 ms | <= 30 / <= 100 ms |" in page and "| 0.31 s | <= 1 s |" in page
    assert "| keyword index: full build (also a merge) | 20.0 s, 40 MB on disk | |" in page
    rebuild = {"list_ids_s": 0.68, "read_rows_s": 10.1, "build_s": 11.8, "rss_mb_added": 1000.0}
    serve = {**serve, "keyword_rebuild": rebuild}
    page = _page(corpus={**STAMP, "ingest": {**ingest, "peak_rss_mb": 1200.0, "data_dir_mb": 900.0}, "serve": serve})
    assert "| 0.68 / 10.1 / 11.8 s, +1000 MB RSS while building, 40 MB on disk | |" in page


def test_costs_section_gives_ms_per_chunk_per_step() -> None:
    seconds = {"plan": 2.0, "embed": 40.0, "write": 4.0}
    result = {
        **STAMP,
        "articles": 120,
        "chunks": 1000,
        "variant": "int8-attention",
        "seconds": seconds,
        "ms_per_chunk": {k: v for k, v in seconds.items()},
        "disk_bytes_per_chunk": 10240.0,
        "word_pieces_per_chunk": 180.0,
        "word_pieces_per_chunk_sentences": 170.0,
        "peak_rss_mb": 900.0,
    }
    page = _page(costs=result)
    assert "| embed (int8-attention): chunk + sentence vectors | 40.00 | 40.00 |" in page
    assert "Disk (Chroma): 10.0 KiB per chunk. Word pieces per chunk: 180 (chunk with title) + 170" in page


def test_paired_latency_says_how_many_local_asks_reached_the_model() -> None:
    route = {"n": 14, "baseline_p50_ms": 8521.1, "current_p50_ms": 9100.0, "baseline_p95_ms": 1e4, "current_p95_ms": 2e4}
    run = {**STAMP, "routes": {"ask_local": route | {"ratio_p50": 1.07}}}
    page = _page(paired=run | {"answered": {"baseline": {"ask_local": 12}, "current": {"ask_local": 11}}})
    assert "| ask_local | 14 | 8521 | 9100 | 10000 | 20000 | 1.07x |" in page
    assert "Local-model asks answered (not abstained before the model): baseline 12, current 11." in page


def test_query_section_shows_the_local_model_on_seed_and_dev_questions() -> None:
    route = {"n": 200, "p50_ms": 10.8, "p95_ms": 19.9, "p99_ms": 23.9, "rps": 82.6}
    llm = {"n": 5, "answered": 5, "ttft_p50_s": 4.4, "total_p50_s": 4.41, "total_max_s": 5.54}
    dev = {"n": 10, "answered": 9, "ttft_p50_s": 5.88, "total_p50_s": 5.89, "total_max_s": 6.51}
    query = {**STAMP, "search_c1": route, "local_llm": llm, "local_llm_dev": dev}
    page = _page(query=query)
    assert "| search | 1 | 10.8 | 19.9 | 23.9 | 82.6 |" in page
    assert "5 seed questions, 5 answered" in page and "total p50 4.41 s" in page
    assert "10 dev questions" in page and "9 answered" in page and "total p50 5.89 s, max 6.51 s" in page


def test_claims_section_shows_both_citation_rules_per_set() -> None:
    stated = {"replies": 164, "withheld_not_stated": 0.0, "earlier": {"values_stated": 0.793, "uncited": 0.128},
              "today": {"values_stated": 0.854, "uncited": 0.122},
              "eval": {"answer_accuracy": 0.54, "answered": 0.791, "right_among_answered": 0.682}}  # fmt: skip
    result = {"machine": "2 cores (AMD EPYC)", "date": "today", "command": "python -m bench.measure.claims",
              "provider": "openai (no verify)", "realtimeqa": stated}  # fmt: skip
    page = "\n".join(render_page({"claims-openai": result}))
    assert "## Claims stated (openai (no verify))" in page
    assert "| answered, no gate | right among answered, no gate |" in page  # the eval forms every answer
    assert "| realtimeqa | 164 | 0.793 | 0.854 | 0.128 | 0.122 | 0.540 | 0.791 | 0.682 |" in page


def _arm(given: float, contains: float, seconds: float) -> dict[str, object]:
    stages = {"questions": 63.0, "in_sources": 1.0, "in_read": 0.873, "in_candidates": 0.873, "in_given": given}
    funnel: dict[str, object] = {"all": stages | {"in_answer": 0.2}, "answer_in_sources": stages | {"in_answer": 0.46}}
    funnel["by_type"] = {"name": stages | {"in_answer": 0.3}}
    return {"funnel": funnel, "contains_gold": contains, "answered_at_gate": 0.5, "right_among_answered_at_gate": 0.37,
            "prompt_tokens_p50": 547.0, "seconds_p50": seconds}  # fmt: skip


def test_funnel_section_names_the_arm_it_compares() -> None:
    block = {"questions": 150, "earlier": _arm(0.635, 0.213, 5.03), "today": _arm(0.556, 0.193, 3.71), "seconds_ratio_p50": 0.8}
    varied = {"date": "12:43", "provider": "local", "choices": {"earlier": {"context_sentences": 8}, "today": {}}}
    # a variant file renders by its name alone: the page lists no variant
    page = "\n".join(render_page({"evidence-funnel-local-any-name": varied | {"realtimeqa2025": block}}))
    assert "## Evidence funnel, answer.context_sentences=8 against today's (provider=local, one run, 12:43)" in page
    assert "**2025 set (every search result)**: 150 questions, the answer in a question's own articles for 63." in page
    assert "| in_given | 0.635 (0.635) | 0.556 (0.556) |" in page
    assert "| contains gold (all) | 0.213 | 0.193 |" in page
    before = {"date": "01:11", "provider": "local", "choices": {"earlier": {"choice": "hand", "read_chunks": 5}}}
    page = "\n".join(render_page({"evidence-funnel-local": before | {"realtimeqa2025": block}}))
    assert "## Evidence funnel, earlier choice against today's (provider=local, one run, 01:11)" in page
    # the earlier choice against a variant of today's: the title and the arms name the variant
    budget = {"date": "01:11", "provider": "local", "choices": {"earlier": BEFORE, "today": {"context_chars": 900}}}
    page = "\n".join(render_page({"evidence-funnel-local-chars": budget | {"realtimeqa2025": block}}))
    assert "## Evidence funnel, earlier choice against answer.context_chars=900 (provider=local" in page
    assert "today: the fitted ranker over answer.read_chunks chunks, with answer.context_chars=900." in page


def test_funnel_section_names_both_arms_when_today_is_varied_too() -> None:
    block = {"questions": 19, "earlier": _arm(0.75, 0.842, 3.71), "today": _arm(1.0, 0.684, 3.78), "seconds_ratio_p50": 0.93}
    arms = {"earlier": {"ranker_file": "a.json"}, "today": {"ranker_file": "b.json"}}
    r = {"date": "14:58", "provider": "local", "choices": arms, "kinds": ["place"], "note": "today ran b."}
    page = "\n".join(render_page({"evidence-funnel-local-x": r | {"realtimeqa": block}}))
    title = "## Evidence funnel, answer.ranker_file=a.json against answer.ranker_file=b.json (provider=local, one run, 14:58)"
    assert title in page and "today: with answer.ranker_file=b.json." in page
    assert "Only the questions that ask for: place" in page and "\ntoday ran b.\n" in page


def test_ranker_section_shows_what_the_dropped_features_would_give() -> None:
    row = {"questions": 139, "answer_in_candidates": 114, "given_hand": 0.833, "given_ranker_oof": 0.833}
    row |= {"given_ranker_oof_spread": 0.667, "given_ranker_oof_every_feature": 0.868}
    page = "\n".join(render_page({"evidence_ranker": {"read": 20, "dropped": ["offers_place"], "realtimeqa": row}}))
    assert "| ranker, spread | every feature (with offers_place) |" in page
    assert "| realtimeqa | 139 | 114 | 0.833 | 0.833 | 0.667 | 0.868 |" in page
    older = {k: v for k, v in row.items() if k != "given_ranker_oof_every_feature"}  # a file from before --drop
    page = "\n".join(render_page({"evidence_ranker": {"read": 20, "realtimeqa": older}}))
    assert "| realtimeqa | 139 | 114 | 0.833 | 0.833 | 0.667 |" in page and "every feature" not in page
    assert "Choosing by characters" not in page  # a file from before answer.context_chars


def test_ranker_section_shows_the_choice_by_characters_per_set() -> None:
    def chars(given: tuple[float, float]) -> dict[str, object]:
        budgets = [{"chars": 900, "penalty": p, "given": g, "sentences_p50": 7.0} for p, g in zip((0.0, 0.5), given, strict=True)]
        return {"chars_of_five_p50": 899.0, "budgets": budgets}

    row = {"questions": 139, "answer_in_candidates": 114, "given_hand": 0.833, "given_ranker_oof": 0.833}
    row |= {"given_ranker_oof_spread": 0.667}
    later = row | {"questions": 330, "by_chars": chars((0.683, 0.713))}
    result = {"read": 20, "realtimeqa": row | {"by_chars": chars((0.825, 0.851))}, "realtimeqa2025": later}
    page = "\n".join(render_page({"evidence_ranker": result}))
    assert "899 characters at p50 on realtimeqa; 899 characters at p50 on realtimeqa2025" in page
    assert "| 900 | 0.0 | 0.825 | 7 | 0.683 | 7 |" in page and "| 900 | 0.5 | 0.851 | 7 | 0.713 | 7 |" in page
