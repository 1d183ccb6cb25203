"""Shared pieces of the benchmark page: the result type, the stamp under each heading, metric rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Result = dict[str, Any]
Renderer = Callable[[Result], list[str]]


def stamp(r: Mapping[str, Any], command: str) -> str:
    """The line under every heading: which machine, when, and how to re-run it."""
    wall = f" Wall time: {r['wall_s'] / 60:.1f} min." if isinstance(r.get("wall_s"), int | float) else ""
    return f"Machine: {r.get('machine', '?')}. Date: {r.get('date', '?')}. Command: `{r.get('command', command)}`.{wall}"


def metric_row(label: str, block: Mapping[str, Any], key: str, target: str = "") -> list[str]:
    """One metric row, or none: older runs lack the newer metrics, and a missing number must not crash the report."""
    value = block.get(key)
    return [f"| {label} | {value:.3f} | {target} |"] if isinstance(value, int | float) else []


def ms(value: float) -> str:
    """Whole milliseconds, but a decimal under 10 ms: the evidence and cite stages would otherwise all read 0."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"
