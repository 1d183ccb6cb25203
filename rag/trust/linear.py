"""The file form both fitted models ship in (the sentence ranker, rag/answer/ranker.json; the confidence calibrators,
rag/trust/calibration/*.json): version 1, the features it reads in its own order, and a standardised linear model
over them, intercept + sum coef_i * (x_i - mean_i) / scale_i. One reader checks both, so a file a user names in
answer.ranker_file or answer.calibration is refused for the same reasons whichever it is."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True)
class Linear:
    """A standardised linear model in its file form: the ranker and the calibrators are these, each with its own use
    of the weights."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def as_json(self) -> dict[str, Any]:
        """The file form read_linear reads back."""
        return {
            "version": 1,
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }


L = TypeVar("L", bound=Linear)


def read_linear(raw: Any, known: Collection[str], kind: str, model: type[L]) -> L:
    """The model (of the class `model`) a file's JSON holds, or ValueError saying why it is none: not an object, another version, no
    features, a feature `known` lacks or one named twice, a part missing, value lists that do not fit the features,
    a value that is no finite number (a NaN would order or score at random). `kind` names it in the reason."""
    if not isinstance(raw, dict):
        raise ValueError(f"not a {kind}: no JSON object")
    named = raw.get("features")
    if raw.get("version") != 1 or not isinstance(named, list) or not named or not all(isinstance(f, str) for f in named):
        raise ValueError(f"not a version-1 {kind} naming its features")
    unknown = sorted(set(named) - set(known))
    if unknown:
        raise ValueError(f"a {kind} over features this version does not compute: {', '.join(unknown)}")
    if len(set(named)) != len(named):
        raise ValueError(f"a {kind} naming a feature twice")
    if missing := [k for k in ("mean", "scale", "coef", "intercept") if k not in raw]:
        raise ValueError(f"a {kind} without {', '.join(missing)}")
    mean, scale, coef = (_numbers(raw[k], kind) for k in ("mean", "scale", "coef"))
    if not len(mean) == len(scale) == len(coef) == len(named):
        raise ValueError(f"a {kind} over {len(named)} features needs {len(named)} values in each of mean, scale and coef")
    (intercept,) = _numbers([raw["intercept"]], kind)
    return model(tuple(named), mean, scale, coef, intercept)


def _numbers(values: Any, kind: str) -> tuple[float, ...]:
    """JSON numbers as finite floats (not strings, not true/false: a file that writes them is not one we wrote)."""
    if not isinstance(values, list) or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise ValueError(f"a {kind}'s values must be lists of numbers")
    try:
        out = tuple(float(v) for v in values)
    except OverflowError as exc:  # an integer of hundreds of digits
        raise ValueError(f"a {kind}'s values must be finite numbers") from exc
    if not all(math.isfinite(v) for v in out):
        raise ValueError(f"a {kind}'s values must be finite numbers")
    return out
