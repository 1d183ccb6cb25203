"""The one settings class. Environment: NEWSQA_ prefix, nested with __ (NEWSQA_CHROMA__HOST), .env read. Its sections
for the service's edges (the HTTP API, the feed loop, a Chroma server) are in settings_edge.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.settings_answer import AnswerSettings, BriefingSettings, ConversationSettings
from rag.settings_edge import ApiSettings, ChromaSettings, FeedsSettings

# the answering sections live in rag/settings_answer.py; they are imported from here like every other section
__all__ = [
    "AnswerSettings",
    "BriefingSettings",
    "ChunkSettings",
    "ConversationSettings",
    "EmbeddingSettings",
    "LLMSettings",
    "RetrievalSettings",
    "Settings",
]


def _default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


class EmbeddingSettings(BaseModel):
    """Which embedder turns text into vectors."""

    provider: Literal["local", "openai"] = Field(
        "local", description="local: all-MiniLM-L6-v2 on onnxruntime; openai: any OpenAI-compatible /v1/embeddings server."
    )
    variant: Literal["fp32", "fused", "int8", "int8-attention"] = Field(
        "int8-attention",
        description="provider=local: which build of the model runs: fp32 (plain ONNX operators), fused "
        "(onnxruntime's fused BERT kernels, same numbers), int8 (fused, weights quantised per channel), "
        "int8-attention (also the attention projections). The default is the fastest that keeps fp32's retrieval "
        "quality (the rule and the numbers: docs/benchmarks.md, embedder).",
    )
    threads: int = Field(
        default_factory=_default_threads,
        ge=1,
        le=64,
        description="onnxruntime intra-op threads for the local embedder; default: the cores, up to 4 "
        "(docs/benchmarks.md: ingest).",
    )
    batch_size: int = Field(
        32, ge=1, le=512, description="Texts per embedding call; texts are sorted by length first so padding stays small."
    )
    max_tokens: int = Field(
        256, ge=8, le=512, description="Word pieces per text the local model sees (all-MiniLM-L6-v2 was trained at 256)."
    )
    base_url: str | None = Field(None, description="provider=openai: the server's base URL, e.g. http://127.0.0.1:8080/v1.")
    api_key: str = Field("not-needed", description="provider=openai: API key (local servers ignore it).")
    model: str = Field("text-embedding-3-small", description="provider=openai: the embedding model name.")
    timeout_s: float = Field(60.0, gt=0, description="provider=openai: request timeout in seconds.")


class ChunkSettings(BaseModel):
    """How articles are cut into chunks. Sizes count the embedder's own word pieces (see docs/design.md)."""

    max_tokens: int = Field(
        200, ge=16, le=2000, description="Word pieces per chunk at most, leaving room for the title that is embedded with it."
    )
    overlap_tokens: int = Field(
        40,
        ge=0,
        le=1000,
        description="Whole trailing sentences of up to this many word pieces repeat at the start of the next chunk.",
    )


class IngestSettings(BaseModel):
    """How the ingest job batches its work."""

    batch_articles: int = Field(32, ge=1, le=10_000, description="Articles embedded together and written in one batch by ingest.")


class RetrievalSettings(BaseModel):
    """How chunks are found: dense (Chroma), keyword (BM25) or both fused by reciprocal rank."""

    mode: Literal["hybrid", "dense", "keyword"] = Field(
        "hybrid",
        description="dense (vectors), keyword (BM25) or hybrid (both, fused by reciprocal rank; the comparison: "
        "docs/benchmarks.md).",
    )
    top_k: int = Field(5, ge=1, le=50, description="Chunks returned by search and read for evidence by ask.")
    candidates: int = Field(50, ge=1, le=500, description="Candidates each retriever contributes before fusion.")
    rrf_k: int = Field(60, ge=1, le=1000, description="Reciprocal-rank-fusion constant: score = sum 1/(rrf_k + rank).")
    time_words: bool = Field(
        True,
        description='Turn the question\'s own time words ("this week", "yesterday", "in May") into a hard '
        "publication window ending at as_of.",
    )
    recency_weight: float = Field(
        1.0,
        ge=0.0,
        le=5.0,
        description="Weight of the recency prior added to the fused score: at 1 the candidate nearest to as_of gains "
        "what rank 1 of one retriever gives, an older one less by recency_half_life_days; 0 turns it off (the sweep "
        "behind the default: docs/benchmarks-notes.md).",
    )
    recency_half_life_days: float = Field(
        30.0,
        gt=0.0,
        le=36_500.0,
        description="Days older than the nearest candidate at which the recency prior halves; longer for a slow-moving "
        "corpus (the sweep behind the default: docs/benchmarks-notes.md).",
    )


class LLMSettings(BaseModel):
    """The chat model: embedded llama.cpp (local), any OpenAI-compatible endpoint (openai), or none (extractive)."""

    provider: Literal["local", "openai", "extractive"] = Field(
        "local", description="local: Qwen2.5-Coder-1.5B on an in-process llama.cpp; openai: base_url/model; extractive: no LLM."
    )
    base_url: str | None = Field(
        None, description="provider=openai: e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1."
    )
    api_key: str = Field("not-needed", description="provider=openai: API key (local servers ignore it).")
    model: str = Field("gpt-4o-mini", description="provider=openai: the model name.")
    timeout_s: float = Field(
        60.0, gt=0, description="Per-request timeout; on expiry /v1/ask answers 503 llm_unavailable (or falls back)."
    )
    max_tokens: int = Field(160, ge=8, le=4096, description="Longest answer in tokens.")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature (0: deterministic).")
    logprobs: bool = Field(
        False,
        description="provider=openai: ask for token logprobs so an unsure refusal is asked again (answer.refusal_confidence); "
        "works with servers that name token ids and honour logit_bias (llama.cpp's server). The embedded model always does.",
    )
    model_path: Path | None = Field(
        None, description="provider=local: a GGUF file to use instead of the bundled, hash-checked model."
    )
    threads: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        le=256,
        description="provider=local: llama.cpp threads (default: all cores).",
    )
    context: int = Field(2048, ge=256, le=32768, description="provider=local: context window in tokens.")


class Settings(BaseSettings):
    """All newsqa options. Tests build Settings(...) directly instead of patching the environment."""

    model_config = SettingsConfigDict(env_prefix="NEWSQA_", env_nested_delimiter="__", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the embedded Chroma database and the model cache live.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    chunking: ChunkSettings = Field(default_factory=ChunkSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    conversation: ConversationSettings = Field(default_factory=ConversationSettings)
    briefing: BriefingSettings = Field(default_factory=BriefingSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    feeds: FeedsSettings = Field(default_factory=FeedsSettings)
    prompts_dir: Path | None = Field(
        None, description="A folder with your own prompt files (same names as prompts/); default: the bundled prompts."
    )

    models_dir: Path | None = Field(
        None, description="Where built models are cached (the ONNX graph, the joined GGUF); default data_dir/models."
    )

    @property
    def model_cache_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"
