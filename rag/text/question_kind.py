"""What kind of question this is: a factoid ("Who led the Russian delegation?") is answered with one cited sentence;
an open one ("What's the latest on the Istanbul talks?", "What do we know about X?", "Summarise today's news about
Ukraine") with a briefing of a few cited sentences from different stories; a bare time
question ("What happened this week?") with the window's top stories. Read from the words alone (pure, no model):
a question with none of the open phrasings stays a factoid, so the factoid path is unchanged for it (every dev
question of both sets reads as one, tests/text/test_question_kind.py). A question naming the answer it wants (who,
how many, when: "Which city ... Trump's latest crack-down?") is a factoid whatever else it says, and so is "why":
the 2025 dev set asks eight, each answered by one reason.
"""

from __future__ import annotations

import re

from rag.answers import QuestionKind
from rag.text.question_types import expected_type
from rag.text.values import calendar_words
from rag.text.words import content_tokens

__all__ = ["QuestionKind", "question_kind", "topic_words", "wants_latest"]

_OPEN = re.compile(
    r"\bwhat(?:'s|’s|\s+is|\s+was|\s+has|\s+have)?\s+(?:been\s+)?happen(?:ed|ing|s|d)?\b|\bcatch\s+me\s+up\b"
    r"|\blatest\s+(?:on|about|in|from|with|for|news|updates?|developments?|headlines|stories)\b|\blatest\W*$|\bwhat(?:'s|’s|s|\s+is)\s+new\b|\bany\s+(?:news|updates?)\b|\bupdates?\s+(?:on|about)\b"
    r"|\bwhat\s+do\s+(?:we|you|i)\s+know\b|\btell\s+me\s+(?:more\s+)?about\b|\bsummar(?:is|iz)e\b|\bsummary\b"
    r"|\boverview\b|\brecap\b|\bbrief\s+me\b|\bbriefing\b|\bnews\s+(?:about|on|from|of|in|for)\b"
    r"|\bnews\W*$|\b(?:top|main|big|biggest|major|key)\s+(?:stories|news|headlines|events)\b|\bheadlines\b|\bin\s+the\s+news\b",
    re.IGNORECASE,
)
# the words that ask for news rather than name a topic: what is left after them (and the time words) is the topic
_ASKING = frozenset(
    [
        "happen",
        "happend",
        "happened",
        "big",
        "key",
        "catch",
        "up",
        "happening",
        "happens",
        "latest",
        "new",
        "news",
        "update",
        "updates",
        "know",
        "tell",
        "more",
        "summarise",
        "summarize",
        "summary",
        "overview",
        "recap",
        "brief",
        "briefing",
        "top",
        "main",
        "biggest",
        "major",
        "stories",
        "story",
        "headlines",
        "events",
        "event",
        "today",
        "today's",
        "tonight",
        "yesterday",
        "week",
        "weekend",
        "weeks",
        "month",
        "months",
        "year",
        "days",
        "day",
        "past",
        "last",
        "recent",
        "recently",
        "lately",
        "going",
        "give",
        "show",
        "any",
        "anything",
        "everything",
        "world",
        "what",
        "whats",
        "what's",
        "please",
        "current",
        "currently",
        "now",
    ]
)
_LATEST = re.compile(
    r"\b(?:latest|recent(?:ly)?|lately|what(?:'s|’s|s|\s+is)\s+new|anything\s+new|news|updates?|today|tonight|yesterday|this\s+(?:week|weekend|month)|"
    r"past\s+(?:few\s+)?(?:days|week)|headlines|happening)\b",
    re.IGNORECASE,
)
# a question that opens with one of these asks for a fact even when no answer type is named ("What did he call it?")
_ASKS_A_FACT = re.compile(
    r"^\W*(?:who|whom|whose|what|which|when|where|how|is|are|was|were|did|do|does|has|have|had|can|could|will|"
    r"would|should|name)\b",
    re.IGNORECASE,
)
# a question opening with one of these asks for a fact whatever else it says ("How did the news of the ceasefire
# affect markets?")
_ASKS_HOW = re.compile(r"^\W*(?:who|whom|whose|which|when|where|how|why)\b", re.IGNORECASE)
_BARE_WORDS = 4  # "Ukraine news", "Istanbul talks": a few words that ask nothing a fact answers


def topic_words(question: str) -> set[str]:
    """The question's content words that name what it is about (not the asking, not the time)."""
    words = {w.removesuffix("'s") for w in content_tokens(question)} - calendar_words(question)
    return {w for w in words if w not in _ASKING and not w.isdigit()}


def question_kind(question: str) -> QuestionKind:
    """open when its words ask for news, an account or a reason (or it asks nothing a fact answers: "Ukraine
    talks"); time when, so asked, it names no topic ("What happened this week?"); else factoid."""
    if expected_type(question) is not None or _ASKS_HOW.search(question):
        return "factoid"
    open_words = _OPEN.search(question) is not None
    bare = len(question.split()) <= _BARE_WORDS and "?" not in question
    no_fact_asked = bare and not _ASKS_A_FACT.search(question)
    if not open_words and not no_fact_asked:
        return "factoid"
    return "open" if topic_words(question) else "time"


def wants_latest(question: str) -> bool:
    """The question asks for what is new (the latest, this week's, today's news): a briefing's default window."""
    return _LATEST.search(question) is not None
