"""all-MiniLM-L6-v2 on onnxruntime: the default, offline embedder. The only onnxruntime import."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from rag.providers.wordpiece import model_dir
from rag.settings import Settings
from rag.types import CharRange

_BUILD_VERSION = "2"  # bump when minilm_onnx.py changes the graph, so stale caches are rebuilt
_DIM = 384
Vectors = np.ndarray[Any, np.dtype[np.float32]]
log = logging.getLogger("newsqa.model")


def onnx_path(weights: Path, cache_dir: Path, variant: str = "fp32") -> Path:
    """Build the variant's ONNX graph once into cache_dir (2-10 s) and return its path."""
    stat = (weights / "model.safetensors").stat()
    key = hashlib.sha256(f"{_BUILD_VERSION}:{stat.st_size}:{(weights / 'config.json').read_text()}".encode()).hexdigest()[:12]
    suffix = "" if variant == "fp32" else f"-{variant}"
    target = cache_dir / f"all-MiniLM-L6-v2-{key}{suffix}.onnx"
    if not target.is_file():
        from rag.providers.minilm_onnx import save_variant

        log.info("building the embedder's %s ONNX graph into %s (once)", variant, target)
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        save_variant(weights, variant, tmp)
        os.replace(tmp, target)  # atomic: a concurrent builder never sees half a file
    return target


class LocalMiniLM:
    """Tokenise with tokenizer.json, run the graph, return normalised mean-pooled vectors."""

    def __init__(self, session: ort.InferenceSession, tokenizer: Tokenizer, batch_size: int) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._batch_size = batch_size

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalMiniLM:
        """Load (building the ONNX cache on first use) with the configured threads and truncation."""
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        weights = model_dir()
        options = ort.SessionOptions()
        options.intra_op_num_threads = settings.embedding.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(
            str(onnx_path(weights, settings.model_cache_dir, settings.embedding.variant)),
            options,
            providers=["CPUExecutionProvider"],
        )
        tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
        tokenizer.enable_truncation(settings.embedding.max_tokens)
        tokenizer.no_padding()
        return cls(session, tokenizer, settings.embedding.batch_size)

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        pooled, _ = self._run(self._tokenizer.encode_batch(texts), with_tokens=False)
        return [row.tolist() for row in pooled]

    def embed_spans(self, texts: list[str], spans: list[list[CharRange]]) -> tuple[list[list[float]], list[list[list[float]]]]:
        """Each text's vector, and one vector per character span of it, pooled from the same forward pass.

        A span vector is the normalised mean of the contextual vectors of the span's tokens; a span cut off by
        truncation (none of its tokens reached the model) is embedded on its own instead.
        """
        encodings = self._tokenizer.encode_batch(texts)
        pooled, tokens = self._run(encodings, with_tokens=True)
        out: list[list[list[float]]] = []
        missing: list[tuple[int, int, str]] = []
        for i, (encoding, ranges) in enumerate(zip(encodings, spans, strict=True)):
            if not ranges:
                out.append([])
                continue
            # token j belongs to span k when it is a real piece (end > start) lying inside the span; one
            # (spans x tokens) mask and a matrix product pool every span of the text at once
            offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
            bounds = np.asarray(ranges, dtype=np.int64)
            starts, ends = offsets[:, 0][None, :], offsets[:, 1][None, :]
            inside = (ends > starts) & (starts >= bounds[:, :1]) & (ends <= bounds[:, 1:])
            counts = inside.sum(axis=1)
            means = (inside.astype(np.float32) @ tokens[i]) / np.maximum(counts, 1)[:, None]
            means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
            rows: list[list[float]] = means.tolist()
            for empty in np.flatnonzero(counts == 0).tolist():
                start, end = ranges[empty]
                missing.append((i, empty, texts[i][start:end]))
                rows[empty] = []
            out.append(rows)
        for (i, k, _), vector in zip(missing, self.embed([text for _, _, text in missing]), strict=True):
            out[i][k] = vector
        return [row.tolist() for row in pooled], out

    def _run(self, encodings: list[Encoding], with_tokens: bool) -> tuple[Vectors, list[Vectors]]:
        """Pooled vectors (row i for encodings[i]) and, when asked, each text's token vectors (unpadded)."""
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        pooled = np.zeros((len(encodings), _DIM), dtype=np.float32)
        tokens: list[Vectors] = [np.zeros((0, _DIM), dtype=np.float32)] * len(encodings)
        outputs = ["sentence_embedding", "token_embeddings"] if with_tokens else ["sentence_embedding"]
        for lo in range(0, len(order), self._batch_size):
            batch = order[lo : lo + self._batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            result = self._session.run(outputs, {"input_ids": ids, "attention_mask": mask})
            pooled[batch] = result[0]
            if with_tokens:
                for row, i in enumerate(batch):
                    tokens[i] = result[1][row, : len(encodings[i].ids)]
        return pooled, tokens
