"""The OpenAI chat-completions wire format newsqa speaks (requests are lenient: unknown fields are ignored)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StrictBool, StringConstraints

from api.answer_schemas import CitationOut, TimeWindowOut, Trust
from api.schemas import AS_OF_DESCRIPTION, MIN_CONFIDENCE_DESCRIPTION, SEED_QUESTION, FiltersIn, IsoMoment
from rag.answers import AnswerStatus

MODEL = "newsqa"
MAX_MESSAGES = 100
MAX_MESSAGE_CHARS = 20_000  # per message (and per content part); the whole body is capped by api.max_body_bytes
MessageText = Annotated[str, StringConstraints(max_length=MAX_MESSAGE_CHARS)]


class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read (images and the like are ignored)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(..., max_length=64)
    text: MessageText | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str = Field(..., max_length=64)
    content: MessageText | Annotated[list[ContentPart], Field(max_length=50)] | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return " ".join(p.text or "" for p in self.content or [] if p.type == "text")


# what `messages` must contain (checked by api/routes/chat.py; in the schema so clients and fuzzers know it)
_USER_MESSAGE: dict[str, JsonValue] = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"const": "user"},
        "content": {"anyOf": [{"type": "string", "pattern": "\\S"}, {"type": "array", "minItems": 1}]},
    },
}

TWO_TURNS: list[JsonValue] = [
    {"role": "user", "content": SEED_QUESTION},
    {"role": "assistant", "content": "Vladimir Medinsky led the Russian delegation [1]."},
    {"role": "user", "content": "What did Zelenskyy call it?"},
]


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {"model": MODEL, "messages": [{"role": "user", "content": SEED_QUESTION}]},
                {"model": MODEL, "messages": TWO_TURNS},
            ]
        },
    )

    model: str = MODEL
    messages: list[ChatMessage] = Field(
        ...,
        min_length=1,
        max_length=MAX_MESSAGES,
        description="Up to 100 messages; at least one from the user with text (the question: the last such one).",
        json_schema_extra={"contains": _USER_MESSAGE},
    )
    stream: StrictBool = False
    n: int | None = Field(None, ge=1, le=1, description="Only 1: one answer per question.")
    temperature: float | None = Field(None, description="Accepted and ignored: answers are deterministic.")
    max_tokens: int | None = Field(None, description="Accepted and ignored: the answer length is newsqa's setting.")
    as_of: IsoMoment | None = Field(None, description=AS_OF_DESCRIPTION + " (newsqa's own field; send it as extra_body).")
    min_confidence: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        strict=True,
        description=MIN_CONFIDENCE_DESCRIPTION + " (newsqa's own field; send it as extra_body).",
    )
    filters: FiltersIn | None = Field(None, description="As on /v1/ask (newsqa's own field; send it as extra_body).")


class ChatChoice(BaseModel):
    index: int
    message: dict[str, str]
    finish_reason: Literal["stop"]


class ChatUsage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class Completion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[ChatChoice]
    usage: ChatUsage | None = Field(None, description="As the chat model reports it; word pieces for extractive answers.")
    citations: list[CitationOut] = Field(
        ..., description="newsqa's exact citations for the answer (not part of OpenAI's schema)."
    )
    question: str = Field(..., description="What was searched: the last user message, rewritten to stand alone if needed.")
    status: AnswerStatus = Field(..., description="newsqa's: whether the articles gave an answer.")
    time_window: TimeWindowOut | None = Field(None, description="newsqa's: the window the question's time words named.")


class ChatResponse(Trust, Completion):
    """OpenAI's chat.completion, then newsqa's own fields: citations, question, status, and what a reader weighs the
    answer by (confidence, corroboration, and on an abstention its reason). The stream's last chunk carries the same."""


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
