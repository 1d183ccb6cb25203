"""The reader page (/, /ui): served with a strict CSP and no key, its files small and free of inline code; its
offset logic checked against Python's own slicing under node; the whole page in a real browser against
`newsqa serve` on the embedded defaults (slow: the local model answers each question)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.routes.reader import CSP, STATIC
from newsqa.launch import running_server
from rag.settings import Settings
from tests.fakes import ScriptedLLM
from tests.helpers import BROWSER_DIR, SEEDS, api_client, browser_missing, fake_components, newsqa

MAX_PAGE_BYTES = 60_000
_FETCHED = re.compile(r'fetch\("(/ui/static/[a-z-]+\.json)"\)')  # files a module fetches (reasons.json)
_IMPORT = re.compile(r"""^import\s[^"']*["'](\./[\w-]+\.js)["'];""", re.MULTILINE)


class _Page(HTMLParser):
    """What index.html loads, and anything inline that the CSP would block (or that would need 'unsafe-inline')."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.inline += [f"<{tag} {n}=...>" for n in names if n == "style" or n.startswith("on")]
        self.inline += [f"<{tag}> {v}" for v in names.values() if v and re.match(r"\s*(javascript:|data:|https?:|//)", v)]
        if tag == "style":
            self.inline.append("<style>")
        loads = names.get("src") if tag == "script" else names.get("href") if names.get("rel") == "stylesheet" else None
        self.assets += [loads] if loads else []
        if tag == "script":
            self._in_script = True
            self.inline += [] if loads else ["<script> without src"]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(f"inline script: {data.strip()[:40]}")


def _parsed() -> _Page:
    page = _Page()
    page.feed((STATIC / "index.html").read_text(encoding="utf-8"))
    return page


def _assets() -> set[str]:
    """Every file the page loads: index.html's script and stylesheet, and the modules they import, transitively."""
    found, todo = set(), list(_parsed().assets)
    while todo:
        url = todo.pop()
        if url in found:
            continue
        found.add(url)
        if url.endswith(".js"):
            source = (STATIC / url.rsplit("/", 1)[1]).read_text(encoding="utf-8")
            todo += ["/ui/static/" + name[2:] for name in _IMPORT.findall(source)]
            todo += _FETCHED.findall(source)
    return found


def _assert_page_headers(headers: Mapping[str, str]) -> None:
    assert headers.get("content-security-policy") == CSP
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "no-referrer"


def test_the_page_is_served_at_root_and_ui_with_a_strict_csp(client: TestClient) -> None:
    assert CSP == (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    for path in ("/", "/ui"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        _assert_page_headers(page.headers)
        assert "<title>newsqa</title>" in page.text
    assert not {"/", "/ui", "/ui/static/{name}"} & set(client.get("/openapi.json").json()["paths"])


def test_every_file_the_page_loads_is_served_with_its_type_and_the_csp(client: TestClient) -> None:
    assets = _assets()
    assert {"/ui/static/reader.js", "/ui/static/reader.css", "/ui/static/text.js"} <= assets
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        kinds = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "json": "application/json"}
        assert response.headers["content-type"] == kinds[url.rsplit(".", 1)[1]], url
        _assert_page_headers(response.headers)
    shipped = {p.name for p in STATIC.iterdir()}
    # no file shipped unused (the icon is /favicon.ico's, tests/api/test_newcomer.py)
    assert shipped == {"index.html", "icon.svg"} | {url.rsplit("/", 1)[1] for url in assets}


@pytest.mark.parametrize("path", ["/ui/static/missing.js", "/ui/static/index.html", "/ui/static/..%2Fapp.py", "/ui/static/.x.js"])
def test_only_the_pages_own_files_are_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_page_weighs_under_60_kb() -> None:
    assert sum(p.stat().st_size for p in STATIC.iterdir()) < MAX_PAGE_BYTES


def test_the_html_has_no_inline_script_style_or_external_origin() -> None:
    page = _parsed()
    assert page.inline == []
    assert page.assets and all(a.startswith("/ui/static/") for a in page.assets)
    css = (STATIC / "reader.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css  # nothing the stylesheet could fetch from elsewhere


def test_no_script_writes_html_or_keeps_the_key_for_good() -> None:
    for path in STATIC.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{path.name} uses {sink}"
        assert not re.search(r"localStorage\s*\.", source), path.name  # the key is kept in sessionStorage only


def test_the_page_needs_no_key_when_keys_exist_and_the_api_still_does(settings: Settings) -> None:
    components = fake_components(settings, ScriptedLLM(default="Vladimir Medinsky [1]."))
    components.keys.create("reader", "read")
    with api_client(components, raise_server_exceptions=False) as client:
        for url in ["/", "/ui", *_assets()]:
            assert client.get(url).status_code == 200, url
        refused = client.post("/v1/ask", json={"question": "Who led the Russian delegation?", "stream": True})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "missing_key"


def test_the_host_guard_applies_to_the_page(client: TestClient) -> None:
    refused = client.get("/", headers={"host": "rebound.example"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_host"


# Offsets are code points (Python) and the page slices UTF-16 strings: astral characters before a span are the test.
OFFSET_CASES = [
    ("plain ascii text. The cited sentence. After.", "The cited sentence."),
    ("🚧🌉 Road works news. The Harbor Bridge reopened on Tuesday. End.", "The Harbor Bridge reopened on Tuesday."),
    ("👩‍👩‍👧 family 🇺🇦 flag, 𝒳 math. Kyiv said 🚀 it would. Then.", "Kyiv said 🚀 it would."),
    ("Ünïcödé e\u0301 combining; 日本語の文。 The quote.", "日本語の文。"),
]


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _node(script: str, payload: object) -> Any:
    """Run an ES module script beside the page's modules with the payload as its argument; its JSON output."""
    if shutil.which("node") is None:
        _skip_or_fail("node is missing (make test installs it with the browser check)")
    command = ["node", "--input-type=module", "-e", script, json.dumps(payload)]
    result = subprocess.run(command, cwd=STATIC, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow  # a node subprocess
def test_highlights_and_unsupported_spans_fall_on_code_point_offsets() -> None:
    # each case: the text, the quote's start and end, and the stated words inside it, all in code points
    cases = [(text, text.index(quote), text.index(quote) + len(quote)) for text, quote in OFFSET_CASES]
    spans = [(text, start, end, start + 4, end - 1) for text, start, end in cases]
    script = """
import { highlight, answerPieces } from "./text.js";
const out = JSON.parse(process.argv[1]).map(([text, start, end, statedStart, statedEnd]) => {
  const runs = highlight(text, [{ start, end, stated: [statedStart, statedEnd], active: true }]);
  const marked = runs.filter((r) => r.mark).map((r) => r.parts.map((p) => p.text).join(""));
  const stated = runs.flatMap((r) => r.parts.filter((p) => p.stated).map((p) => p.text));
  // the same span as an unsupported part of an answer that ends with a marker
  const pieces = answerPieces(`${text} [1]`, [{ answer_start: start, answer_end: end }], new Set([1]));
  const off = pieces.filter((p) => p.unsupported).map((p) => p.text);
  const cited = pieces.filter((p) => p.n !== null).map((p) => p.text);
  return { marked, stated, off, cited, whole: runs.flatMap((r) => r.parts.map((p) => p.text)).join("") };
});
console.log(JSON.stringify(out));
"""
    for (text, start, end, s, e), got in zip(spans, _node(script, spans), strict=True):
        quote = text[start:end]
        assert got == {"marked": [quote], "stated": [text[s:e]], "off": [quote], "cited": ["[1]"], "whole": text}


WINDOW = {"start": "2025-05-11T00:00:00+00:00", "end": "2025-05-17T23:59:59+00:00", "phrase": "this week"}
ASKED = "Who led it?"
# the wording of api/static/reader/reasons.json, the one table the page, chat and the CLI share
REASONS = [
    ({"reason": "no_articles", "question": ASKED, "time_window": WINDOW, "nearest_published_at": "2025-04-02T08:00:00-04:00"},
     ["No articles from this week (2025-05-11 to 2025-05-17) match “Who led it?”. The latest related article before "
      "that is from 2025-04-02."], False),
    ({"reason": "no_articles", "question": ASKED}, ["No articles in the store (within the filters) match “Who led it?”."], False),
    ({"reason": "off_topic", "question": ASKED}, ["None of the articles is about “Who led it?”."], False),
    ({"reason": "not_stated", "question": ASKED, "time_window": WINDOW},
     ["The closest articles from this week (2025-05-11 to 2025-05-17) do not state the answer to “Who led it?”."], False),
    ({"reason": "low_confidence", "question": ASKED, "confidence": 0.234},
     ["The answer found has confidence 23%: too likely to be wrong to give."], True),
]  # fmt: skip
LINKS = [
    ("https://www.example.com/a?b=1", "Src", True, "Src"),  # the outlet named at ingest over the host
    ("https://127.0.0.1:8080/feed/1", " ", True, "127.0.0.1"),
    ("http://news.example.org/x", None, True, "news.example.org"),
    ("javascript:window.pwned=3", "Src", False, "Src"),
    ("JaVaScRiPt:alert(1)", None, False, ""),
    ("data:text/html,<script>1</script>", None, False, ""),
    ("//evil.example/x", "Src", False, "Src"),
    (None, "Springfield Gazette", False, "Springfield Gazette"),
]


@pytest.mark.slow  # a node subprocess
def test_reasons_links_and_outlets_are_worded_as_the_docs_say() -> None:
    script = """
import { readFileSync } from "node:fs";
import { abstention, httpUrl, outlet } from "./words.js";
const [reasons, links] = JSON.parse(process.argv[1]);
const table = JSON.parse(readFileSync("reasons.json", "utf8"));  // the page fetches it; node reads the same file
console.log(JSON.stringify([
  reasons.map((done) => abstention(done, table)),
  links.map(([url, source]) => [httpUrl(url) !== null, outlet(url, source)]),
]));
"""
    cases = [[done for done, _, _ in REASONS], [[url, source] for url, source, _, _ in LINKS]]
    worded, linked = _node(script, cases)
    assert worded == [{"lines": lines, "retry": retry} for _, lines, retry in REASONS]
    assert linked == [[is_link, shown] for _, _, is_link, shown in LINKS]


# An article built to break a careless reader: markup and a javascript: address in its text and title, and
# astral characters before the sentence that answers, so offsets counted in UTF-16 would shift the highlight.
HOSTILE = [
    {
        "id": "harbor-bridge-2025-03-04",
        "title": 'Harbor Bridge reopens <img src=x onerror="window.pwned=4">',
        "url": "https://www.springfield-gazette.example/harbor-bridge",
        "published_at": "2025-03-04",
        "source": "Springfield Gazette",
        "text": "🚧🌉🚦 Road works news. The Harbor Bridge in Springfield reopened on Tuesday, 4 March 2025, after two years "
        'of repairs. <img src=x onerror="window.pwned=1"> Officials said <script>window.pwned=2</script> traffic would '
        "resume. See javascript:window.pwned=3 for details.",
    },
    {
        "id": "harbor-bridge-brief-2025-03-05",
        "title": "Springfield briefing",
        "url": "https://news.example.org/springfield/briefing",
        "published_at": "2025-03-05",
        "source": "Example News",
        "text": "📰🗞️ Local briefing. Springfield's Harbor Bridge reopened to traffic on Tuesday, 4 March 2025. "
        "The council meets on Thursday.",
    },
]


@pytest.mark.slow
def test_the_reader_page_in_a_browser(settings: Settings, tmp_path: Path) -> None:
    reason = browser_missing()
    if reason:
        _skip_or_fail(reason)
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False), encoding="utf-8")
    ingested = newsqa(settings, "ingest", str(SEEDS), str(hostile), "--json")
    assert ingested.returncode == 0, ingested.stderr
    key = newsqa(settings, "keys", "create", "--name", "reader-page").stdout.strip()
    shots = Path(os.environ.get("NEWSQA_SCREENSHOTS") or tmp_path / "shots").resolve()
    shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # the gate off: this test is about showing answers and their spans; whether the embedded model's follow-up
    # answer clears answer.min_confidence is the calibrator's business (tests/providers/test_local_llm.py)
    with running_server(settings.data_dir, tmp_path / "server.log", NEWSQA_ANSWER__MIN_CONFIDENCE="0") as base:
        result = subprocess.run(
            ["node", "reader.mjs", base, key, str(shots)],
            cwd=BROWSER_DIR,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
    print(f"reader.mjs took {time.monotonic() - started:.0f} s\n{result.stdout}")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "reader ok" in result.stdout
    for name in ("reader-answer.png", "reader-abstention.png"):
        assert (shots / name).stat().st_size > 10_000, name
