"""The PNG beside the results: Hits@k per retrieval mode, and the answer latency histogram."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_chart(results: dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for name, row in {
        **results.get("retrieval", {}),
        **({"llamaindex baseline": results["baseline"]} if "baseline" in results else {}),
    }.items():
        ks = sorted(int(key.split("@")[1]) for key in row if key.startswith("hits@"))
        left.plot(ks, [row[f"hits@{k}"] for k in ks], marker="o", label=name)
    left.set(title=f"Article Hits@k ({results.get('questions', '?')} questions)", xlabel="k", ylabel="Hits@k", ylim=(0, 1))
    left.legend()
    totals = results.get("answers", {}).get("total_ms_all", [])
    if totals:
        right.hist([t / 1000 for t in totals], bins=20)
        right.set(title="Answer latency", xlabel="seconds", ylabel="questions")
    else:
        right.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
