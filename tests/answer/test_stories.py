"""Choosing a briefing's sentences on hand-made candidates: stories grouped by sentence (and, for a bare time
question, by title), one line per story, the widely reported first, newest first; sentences a briefing cannot
stand on are left out."""

from __future__ import annotations

import numpy as np

from rag.answer.candidates import Candidate
from rag.answer.stories import Pick, best_per_article, choose, fill, on_topic, published_moment, readable, stories
from rag.types import Hit

LONG = "The port of Rotterdam halted container traffic on Friday as dock workers walked out over automation plans."


def _pick(doc_id: str, quote: str = LONG, *, relevance: float = 0.5, vector: tuple[float, ...] = (1.0, 0.0, 0.0),
          title: str = "", url: str | None = None, published: str | None = "2025-11-08", start: int = 0) -> Pick:  # fmt: skip
    hit = Hit(f"{doc_id}:0", doc_id, 0, 1000, quote, title or doc_id, url, published, 1.0)
    unit = np.asarray(vector, dtype=np.float32) / np.linalg.norm(vector)
    return Pick(Candidate(hit, 0, start, start + len(quote), quote, unit), relevance)


def test_each_article_offers_its_most_relevant_sentence() -> None:
    found = best_per_article([_pick("a", relevance=0.4), _pick("a", relevance=0.7, start=200), _pick("b", relevance=0.5)])
    assert [(p.doc_id, p.relevance) for p in found] == [("a", 0.7), ("b", 0.5)]


def test_like_sentences_are_one_story_led_by_the_most_relevant() -> None:
    picks = [
        _pick("reuters", relevance=0.6, url="https://www.reuters.com/x"),
        _pick("bbc", relevance=0.8, vector=(0.95, 0.3, 0.0), url="https://bbc.co.uk/y"),
        _pick("bakery", relevance=0.5, vector=(0.0, 1.0, 0.0), url="https://paper.example/z"),
    ]
    found = stories(picks, threshold=0.75, by_title=False)
    assert [[p.doc_id for p in s.members] for s in found] == [["bbc", "reuters"], ["bakery"]]
    assert found[0].outlets == ("bbc.co.uk", "reuters.com")


def test_titles_join_stories_only_for_a_bare_time_question() -> None:
    picks = [
        _pick("a", title="Rotterdam dock workers strike over automation"),
        _pick("b", vector=(0.0, 1.0, 0.0), title="Rotterdam dock strike over automation enters second day"),
    ]
    assert len(stories(picks, threshold=0.9, by_title=True)) == 1
    assert len(stories(picks, threshold=0.9, by_title=False)) == 2


def test_a_time_briefing_puts_widely_reported_stories_first_then_lists_newest_first() -> None:
    wide = [_pick(f"w{i}", vector=(1.0, 0.0, 0.0), url=f"https://outlet{i}.example/a", published="2025-11-03") for i in range(3)]
    lone = [
        _pick(f"l{i}", vector=(0.0, 1.0, float(i)), url="https://one.example/b", published=f"2025-11-0{5 + i}") for i in range(3)
    ]
    found = stories([*wide, *lone], threshold=0.99, by_title=False)
    picked = choose(found, 2, by_outlets=True)
    assert len(picked[1].outlets) == 3  # the story three outlets reported made it, though older than every other
    assert [s.pick.published_at for s in picked] == sorted((s.pick.published_at for s in picked), reverse=True)


def test_a_topic_briefing_ranks_by_relevance_and_an_outlet_more_tips_near_equals() -> None:
    a = _pick("a", relevance=0.60, url="https://one.example/a", vector=(1.0, 0.0, 0.0))
    b1 = _pick("b1", relevance=0.59, url="https://two.example/b", vector=(0.0, 1.0, 0.0))
    b2 = _pick("b2", relevance=0.50, url="https://three.example/b", vector=(0.0, 1.0, 0.05))
    c = _pick("c", relevance=0.30, url="https://four.example/c", vector=(0.0, 0.0, 1.0))
    picked = choose(stories([a, b1, b2, c], threshold=0.9, by_title=False), 1, by_outlets=False)
    assert [s.pick.doc_id for s in picked] == ["b1"]  # 0.59 + 0.02 for its second outlet beats 0.60


def test_undated_stories_come_last() -> None:
    found = stories([_pick("old", published=None), _pick("new", vector=(0.0, 1.0, 0.0))], threshold=0.9, by_title=False)
    assert [s.pick.doc_id for s in choose(found, 5, by_outlets=False)] == ["new", "old"]


def test_readable_sentences_only() -> None:
    assert readable(_pick("a").candidate)
    assert not readable(_pick("a", "Aug. 7, 2025 Updated Aug. 9, 2025, 5:34 p.m. local time, by staff").candidate)
    assert not readable(
        _pick("a", "Editor's note: To read the latest on the shutdown, click here for Friday's coverage.").candidate
    )
    assert not readable(_pick("a", "The shutdown goes on.").candidate)  # too short to brief on
    assert not readable(_pick("a", LONG, title=LONG).candidate)  # the title repeated


def test_on_topic_needs_the_topics_words() -> None:
    mars = _pick(
        "a", "Bruno Mars and Rosé topped the charts again this week with their duet, the label said.", title="Bruno Mars"
    )
    assert not on_topic(mars.candidate, {"mars", "sample", "return", "mission"})  # two of four words needed
    assert on_topic(_pick("b", LONG).candidate, {"rotterdam"})
    assert on_topic(
        _pick("c", "Tariff rates on European goods rose to fifteen percent on Friday, officials said.").candidate, {"tariffs"}
    )


def test_a_topic_with_one_story_gets_more_of_its_sentences_in_text_order() -> None:
    lead = _pick("a", relevance=0.8, start=0)
    second = _pick("a", relevance=0.6, vector=(0.0, 1.0, 0.0), start=300)
    echo = _pick("a", relevance=0.7, vector=(0.99, 0.1, 0.0), start=150)  # says what the lead says
    elsewhere = _pick("b", relevance=0.9, vector=(0.0, 0.0, 1.0))  # an article that was not chosen stays out
    lines = fill(choose(stories([lead], 0.75, by_title=False), 5, by_outlets=False), [lead, second, echo, elsewhere], 3, 0.75)
    assert [(s.pick.doc_id, s.pick.candidate.start) for s in lines] == [("a", 0), ("a", 300)]


def test_bylines_pitches_and_headlines_are_not_lines() -> None:
    byline = "Julia is a Trending reporter for USA TODAY and covers scientific studies and trending news."
    pitch = "NFL NEWS, TAKES, FANTASY ADVICE: Check out the USA TODAY Sports NFL Vodcast for more analysis today."
    headline = "Charlie Kirk shooting: The latest on whether a suspect is in custody after the attack"
    assert not any(readable(_pick("a", text).candidate) for text in (byline, pitch, headline))


def test_newest_first_compares_times_not_strings() -> None:
    # 10:00-04:00 is 14:00 UTC: later than 12:00Z, though its string sorts first
    east = _pick("ny", published="2025-11-08T10:00:00-04:00")
    utc = _pick("utc", vector=(0.0, 1.0, 0.0), published="2025-11-08T12:00:00Z")
    found = stories([utc, east], threshold=0.9, by_title=False)
    assert [s.pick.doc_id for s in choose(found, 5, by_outlets=False)] == ["ny", "utc"]


def test_published_moments_read_as_the_store_reads_them() -> None:
    # a moment at the calendar's end (its UTC past year 9999) is the latest; absent or unreadable ones sort last
    assert published_moment("9999-12-31T23:00:00-05:00") > published_moment("2025-11-08")
    assert published_moment("") == published_moment("not a date") == float("-inf")
