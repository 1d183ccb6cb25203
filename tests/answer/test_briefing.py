"""Open questions answered as briefings, end to end over real Chroma and the real embedder (no model: a briefing
quotes its sentences): one line per story, newest first, every quote exact and inside the window, the story two
outlets reported listed once with the other report as corroboration; abstentions that name the right date; a
follow-up that picks an item."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

import pytest

from rag.answer.briefing import Briefer
from rag.answer.events import Clock
from rag.answers import Answer, Ask, Question
from rag.components import Components, build_components
from rag.providers.minilm import LocalMiniLM
from rag.search.retrieval import Retrieval, Retriever
from rag.settings import BriefingSettings, LLMSettings, Settings
from rag.types import Hit, Message
from tests.fakes import ScriptedLLM

ARTICLES = [
    {
        "id": "strike-reuters",
        "title": "Rotterdam dock workers strike over automation",
        "url": "https://www.reuters.com/world/rotterdam-strike",
        "published_at": "2025-11-08T09:00:00Z",
        "text": "Dock workers at the port of Rotterdam walked out on Friday in a strike over automation plans. "
        "The strike halted container traffic at Europe's largest port for the first time in a decade. "
        "Union leaders said the walkout would last at least three days.",
    },
    {
        "id": "strike-bbc",
        "title": "Rotterdam dock strike over automation enters second day",
        "url": "https://www.bbc.co.uk/news/rotterdam-strike-day-two",
        "published_at": "2025-11-09T09:00:00Z",
        "text": "Container traffic at the port of Rotterdam stood still for a second day as the dock workers' strike "
        "over automation continued. Shipping lines diverted their vessels to Antwerp and Hamburg while the strike "
        "went on. Talks between the union and the port employers are set to resume on Monday.",
    },
    {
        "id": "bakery",
        "title": "Utrecht bakery wins the national bread prize",
        "url": "https://localpaper.example/utrecht-bakery",
        "published_at": "2025-11-07T09:00:00Z",
        "text": "A family bakery in the old town of Utrecht won the national prize for the best sourdough bread this "
        "year. The judges praised the dark crust and the long fermentation of the winning loaf. The owners said they "
        "would celebrate by giving away free bread on Saturday morning.",
    },
    {
        "id": "mayor",
        "title": "Leiden elects a new mayor",
        "url": "https://apnews.com/leiden-mayor",
        "published_at": "2025-11-05T09:00:00Z",
        "text": "Voters in the city of Leiden elected a new mayor on Wednesday after a close and bitter campaign. "
        "The winning candidate promised to build more affordable housing near the central railway station. "
        "Turnout reached sixty percent, the highest in twenty years.",
    },
    {
        "id": "port-record",
        "title": "Port of Rotterdam reports record volumes",
        "url": "https://www.reuters.com/business/rotterdam-record",
        "published_at": "2025-10-01T09:00:00Z",
        "text": "The port of Rotterdam reported record container volumes for the third quarter of the year. "
        "Port officials credited the new automated cranes for the growth in container traffic at the docks.",
    },
]
TEXTS = {a["id"]: a["text"] for a in ARTICLES}
PUBLISHED = {a["id"]: a["published_at"] for a in ARTICLES}
AS_OF = date(2025, 11, 10)


@pytest.fixture(scope="module")
def components(tmp_path_factory: pytest.TempPathFactory, real_embedder: LocalMiniLM) -> Iterator[Components]:
    data = tmp_path_factory.mktemp("briefing-data")
    settings = Settings(data_dir=data, _env_file=None, llm=LLMSettings(provider="extractive"))
    with build_components(settings, embedder=real_embedder) as built:
        for article in ARTICLES:
            built.articles.add(article)
        yield built


def _ask(components: Components, question: str, as_of: date = AS_OF, history: tuple[Message, ...] = ()) -> Answer:
    return components.qa.answer(Ask.of(question, as_of=as_of, history=history))


def _exact(answer: Answer) -> None:
    """Every citation quotes its article exactly, and its line of the answer is that quote (markers aside)."""
    lines = answer.answer.split("\n")
    assert len(lines) == len(answer.citations)
    for line, c in zip(lines, answer.citations, strict=True):
        assert TEXTS[c.doc_id][c.start : c.end] == c.quote
        assert line == f"- {c.quote} [{c.n}]" and answer.answer[c.answer_start : c.answer_end] == c.quote
        assert (c.stated_start, c.stated_end) == (c.start, c.end)


def test_what_happened_this_week_lists_the_weeks_stories_newest_first(components: Components) -> None:
    answer = _ask(components, "What happened this week?")
    assert answer.status == "answered" and answer.kind == "briefing" and answer.trace.kind == "time"
    _exact(answer)
    cited = [c.doc_id for c in answer.citations]
    # one line per story: the strike two outlets reported is one line, its other report a corroboration
    assert len([d for d in cited if d.startswith("strike")]) == 1 and {"bakery", "mayor"} <= set(cited)
    other = next(c for c in answer.corroboration if c.doc_id.startswith("strike"))
    assert other.doc_id not in cited and other.outlet in {"reuters.com", "bbc.co.uk"}
    assert TEXTS[other.doc_id][other.start : other.end] == other.quote
    # inside the window only (last month's record volumes are not this week's news), newest first
    window = answer.trace.window
    assert window is not None and window.start is not None
    published = [datetime.fromisoformat(PUBLISHED[d]) for d in cited]
    assert all(window.start <= p <= window.as_of for p in published) and "port-record" not in cited
    assert published == sorted(published, reverse=True)
    assert answer.confidence is None and answer.trace.answered_by == "extractive"


def test_the_latest_on_a_topic_quotes_only_that_topic_from_the_last_days(components: Components) -> None:
    answer = _ask(components, "What's the latest on the Rotterdam strike?")
    assert answer.status == "answered" and answer.kind == "briefing" and answer.trace.kind == "open"
    _exact(answer)
    # both outlets' reports say much the same (one story): the newer is the line, the other its corroboration; the
    # bakery and the mayor are not on the topic, and last month's port record is outside the last 7 days
    assert [c.doc_id for c in answer.citations] == ["strike-bbc"]
    assert [(c.doc_id, c.outlet) for c in answer.corroboration] == [("strike-reuters", "reuters.com")]
    window = answer.trace.window
    assert window is not None and window.phrase == "the last 7 days"


def test_what_do_we_know_reads_everything_up_to_as_of(components: Components) -> None:
    answer = _ask(components, "What do we know about the port of Rotterdam?")
    assert answer.kind == "briefing" and answer.trace.window is None
    assert "port-record" in [c.doc_id for c in answer.citations]  # no window: last month's article counts


def test_an_empty_window_abstains_naming_the_latest_article(components: Components) -> None:
    answer = _ask(components, "What happened this week?", as_of=date(2025, 12, 20))
    assert answer.status == "not_in_corpus" and answer.reason == "no_articles" and answer.kind == "briefing"
    assert answer.nearest_published_at == "2025-11-09"  # the newest article before the window, whatever its topic


def test_no_topic_and_no_time_asks_for_one(components: Components) -> None:
    answer = _ask(components, "What happened?")
    assert answer.status == "not_in_corpus" and answer.reason == "no_topic" and answer.nearest_published_at is None
    assert answer.trace.window is None  # no window was guessed


def test_an_open_question_on_nothing_in_the_store_is_off_topic(components: Components) -> None:
    answer = _ask(components, "What's the latest on the Mars sample return mission?")
    assert answer.status == "not_in_corpus" and answer.reason in ("off_topic", "no_articles") and not answer.citations


def test_a_factoid_is_answered_as_before(components: Components) -> None:
    answer = _ask(components, "Which city elected a new mayor?")
    assert answer.kind == "answer" and answer.trace.kind == "factoid"
    assert answer.status == "answered" and answer.citations[0].doc_id == "mayor"


def test_tell_me_more_about_the_second_follows_that_story(components: Components) -> None:
    first = _ask(components, "What happened this week?")
    second_line = first.answer.split("\n")[1]
    second_doc = first.citations[1].doc_id
    history = (Message(role="user", content="What happened this week?"), Message(role="assistant", content=first.answer))
    more = _ask(components, "Tell me more about the second", history=history)
    assert more.trace.question.startswith("Tell me more about: ") and more.trace.question[20:60] in second_line
    assert more.kind == "briefing" and more.citations and more.citations[0].doc_id == second_doc


def test_briefings_can_be_turned_off(components: Components, real_embedder: LocalMiniLM) -> None:
    settings = components.settings.model_copy(update={"briefing": BriefingSettings(enabled=False)})
    with build_components(settings, embedder=real_embedder) as plain:
        answer = plain.qa.answer(Ask.of("What happened this week?", as_of=AS_OF))
    assert answer.kind == "answer" and answer.trace.kind == "factoid"


def test_a_model_shortens_lines_only_where_the_quote_states_them(components: Components, real_embedder: LocalMiniLM) -> None:
    # the week's three stories, newest first: the strike, the bakery, the mayor; the model shortens the first
    # faithfully, invents a number for the second (its quote stands instead), and leaves out the third
    reply = (
        "Container traffic at the port of Rotterdam stood still for a second day [1].\n"
        "A bakery in Utrecht won a prize for 500 loaves [2]."
    )
    llm = ScriptedLLM(default=reply)
    settings = components.settings.model_copy(update={"briefing": BriefingSettings(compose="model")})
    with build_components(settings, embedder=real_embedder, llm=llm) as composing:
        answer = composing.qa.answer(Ask.of("What happened this week?", as_of=AS_OF))
    lines = answer.answer.split("\n")
    assert lines[0] == "- Container traffic at the port of Rotterdam stood still for a second day. [1]"
    first = answer.citations[0]
    assert first.doc_id == "strike-bbc" and TEXTS[first.doc_id][first.start : first.end] == first.quote
    assert first.stated_start is not None and first.stated_end is not None  # the stretch holding its words
    for line, c in zip(lines[1:], answer.citations[1:], strict=True):
        assert line == f"- {c.quote} [{c.n}]"  # the invented number and the missing line: the quotes stand
    assert answer.trace.answered_by == "model" and "compose_ms" in answer.trace.timings


def test_a_bare_time_question_in_a_conversation_is_not_pulled_onto_its_topic(components: Components) -> None:
    history = (Message(role="user", content="Which city elected a new mayor?"), Message(role="assistant", content="Leiden [1]."))
    answer = _ask(components, "What happened this week?", history=history)
    assert answer.trace.question == "What happened this week?" and answer.trace.kind == "time"
    later = _ask(components, "What happened this week?", as_of=date(2025, 12, 20), history=history)
    assert later.reason == "no_articles" and later.nearest_published_at == "2025-11-09"  # the right date, in a conversation


class ChangedSince:
    """The real retriever, except that the named articles' stored texts changed after they were read."""

    def __init__(self, inner: Retriever, changed: set[str]) -> None:
        self._inner = inner
        self._changed = changed

    def search(self, question: Question) -> Retrieval:
        return self._inner.search(question)

    def openings(self, question: Question, limit: int) -> list[Hit]:
        return self._inner.openings(question, limit)

    def latest_before(self, question: Question, moment: datetime) -> str | None:
        return self._inner.latest_before(question, moment)

    def latest_published(self, question: Question, moment: datetime) -> str | None:
        return self._inner.latest_published(question, moment)

    def article_texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        texts = self._inner.article_texts(doc_ids)
        return {d: "Rewritten since." if d in self._changed else t for d, t in texts.items()}


def test_a_sentence_whose_article_changed_is_no_line(components: Components) -> None:
    def brief(changed: set[str]) -> Answer:
        briefer = Briefer(ChangedSince(components.retriever, changed), BriefingSettings(), components.prompts)
        asked = components.retriever.question(Ask.of("What happened this week?", as_of=AS_OF))
        return briefer.brief(briefer.framed(asked, "time"), "time", Clock())

    assert "bakery" not in [c.doc_id for c in brief({"bakery"}).citations] and brief({"bakery"}).status == "answered"
    _exact(brief({"bakery"}))  # no line is left with an [n] that points at nothing
    gone = brief({a["id"] for a in ARTICLES})
    assert gone.status == "not_in_corpus" and gone.citations == []
