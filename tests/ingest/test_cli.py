"""The `newsqa` command as a user runs it: a subprocess with the real embedder and embedded Chroma."""

from __future__ import annotations

import json
from pathlib import Path

from rag.settings import Settings
from tests.helpers import SEEDS, newsqa


def test_ingest_seeds_twice_adds_nothing_the_second_time(settings: Settings) -> None:
    first = newsqa(settings, "ingest", str(SEEDS), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["articles"] == 1 and summary["chunks_added"] > 0 and summary["failed"] == []
    second = json.loads(newsqa(settings, "ingest", str(SEEDS), "--json").stdout)
    assert (second["chunks_added"], second["unchanged"], second["replaced"]) == (0, 1, 0)


def test_bad_input_is_one_line_each_and_exit_status_1(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "bad.jsonl").write_text('{"title": "x", "text": "Good."}\n{nope\n')
    result = newsqa(settings, "ingest", str(tmp_path))
    assert result.returncode == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 2 and "binary file" in result.stderr and "malformed JSON line" in result.stderr
    assert "1 articles: 1 added" in result.stdout
    as_json = json.loads(newsqa(settings, "ingest", str(tmp_path), "--json").stdout)
    assert len(as_json["failed"]) == 2 and as_json["unchanged"] == 1


def test_list_and_delete(settings: Settings) -> None:
    newsqa(settings, "ingest", str(SEEDS), "--json")
    listed = [json.loads(line) for line in newsqa(settings, "list", "--json").stdout.splitlines()]
    assert [a["doc_id"] for a in listed] == ["russia-ukraine-talks-2025-05-17"]
    narrow = newsqa(settings, "list", env={"COLUMNS": "60"}).stdout  # the id whole on one line, to copy for delete
    assert any("russia-ukraine-talks-2025-05-17" in line for line in narrow.splitlines()), narrow
    assert newsqa(settings, "delete", "russia-ukraine-talks-2025-05-17").returncode == 0
    missing = newsqa(settings, "delete", "russia-ukraine-talks-2025-05-17")
    assert missing.returncode == 1 and "no article with doc_id" in missing.stderr
    assert newsqa(settings, "list", "--json").stdout == ""


def test_help_and_bad_settings_are_one_line(settings: Settings) -> None:
    help_text = newsqa(settings, "ingest", "--help").stdout
    assert "--json" in help_text and "Unchanged articles are skipped" in help_text
    bad = newsqa(settings, "list", timeout=60, env={"NEWSQA_EMBEDDING__PROVIDER": "nonsense"})
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("newsqa: error: bad setting embedding.provider")
    assert "Traceback" not in bad.stderr


def test_a_bad_ranker_or_calibrator_file_is_one_line(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"version": 1}')
    cases = (("ranker_file", tmp_path / "bad.json"), ("calibration", tmp_path / "missing.json"))
    for setting, path in cases:
        env = {f"NEWSQA_ANSWER__{setting.upper()}": str(path)}
        bad = newsqa(settings, "ask", "Who led the Russian delegation?", timeout=180, env=env)
        assert bad.returncode == 2, bad.stderr
        assert bad.stderr.strip().startswith(f"newsqa: error: answer.{setting} {path}: "), bad.stderr
        assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    # the server checks both before it starts: one line, exit 2, nothing served
    env = {"NEWSQA_ANSWER__RANKER_FILE": str(tmp_path / "bad.json")}
    refused = newsqa(settings, "serve", "--port", "8799", timeout=120, env=env)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines()[-1].startswith(f"newsqa: error: answer.ranker_file {tmp_path / 'bad.json'}: ")
