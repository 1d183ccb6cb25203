"""all-MiniLM-L6-v2 on onnxruntime: the default, offline embedder. The only onnxruntime import."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from rag.providers.wordpiece import model_dir
from rag.settings import Settings

_BUILD_VERSION = "1"  # bump when minilm_onnx.py changes the graph, so stale caches are rebuilt
log = logging.getLogger("newsqa.model")


def onnx_path(weights: Path, cache_dir: Path) -> Path:
    """Build the ONNX graph once into cache_dir (about 2 s) and return its path."""
    stat = (weights / "model.safetensors").stat()
    key = hashlib.sha256(f"{_BUILD_VERSION}:{stat.st_size}:{(weights / 'config.json').read_text()}".encode()).hexdigest()[:12]
    target = cache_dir / f"all-MiniLM-L6-v2-{key}.onnx"
    if not target.is_file():
        import onnx

        from rag.providers.minilm_onnx import build_model

        log.info("building the embedder's ONNX graph into %s (once, ~2 s)", target)

        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        onnx.save(build_model(weights), str(tmp))
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
            str(onnx_path(weights, settings.model_cache_dir)), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
        tokenizer.enable_truncation(settings.embedding.max_tokens)
        tokenizer.no_padding()
        return cls(session, tokenizer, settings.embedding.batch_size)

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for lo in range(0, len(order), self._batch_size):
            batch = order[lo : lo + self._batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            out[batch] = self._session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})[0]
        return [row.tolist() for row in out]
