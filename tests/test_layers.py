"""The import rule of docs/design.md, checked on the code: arrows point down, between the top-level packages, between
the rooms of rag/, and inside a room in the order its data travels. Read from every module's import statements
(functions' own imports and TYPE_CHECKING blocks included), so a lazy import cannot hide an arrow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

# what each top-level package may import besides itself and rag (evals builds its index with the ingest job and
# reads the seed with ingest's plain-text reader; the `newsqa` command composes every CLI)
PACKAGES = {
    "rag": set(),
    "api": set(),
    "ingest": set(),
    "evals": {"ingest"},
    "bench": {"evals", "ingest", "api", "newsqa"},  # newsqa.launch starts a server to measure
    "newsqa": {"api", "ingest", "evals"},
}
# the rooms of rag/, from the ground up; a room imports only rooms of a lower floor (the vocabulary is floor 0: types,
# then answers, errors, settings and telemetry)
FLOORS: dict[str, float] = {
    "types": 0, "answers": 0.05, "errors": 0.1, "settings_edge": 0.15, "settings_answer": 0.15, "settings": 0.2, "telemetry": 0.3,
    "text": 1,
    "providers": 2, "store": 2,
    "write": 3,
    "search": 4, "trust": 4,
    "answer": 5, "feeds": 5,
    "readiness": 5.5,
    "components": 6,
}  # fmt: skip
# inside these rooms a module imports only the modules before it
ORDERS = {
    "write": ["html", "sentences", "chunking", "identity", "indexing", "articles"],
    "search": ["timeframe", "retrieval"],
    "trust": ["linear", "markers", "claims", "citations", "corroboration", "confidence", "checks"],
    "answer": [
        "events",
        "prompts",
        "conversation",
        "candidates",
        "ranking",
        "choosing",
        "evidence",
        "cited_reply",
        "reply",
        "verification",
        "writing",
        "recent",
        "stories",
        "briefing_lines",
        "briefing",
        "service",
    ],
    "feeds": ["sources", "robots", "connect", "fetch", "pages", "entries", "state", "intake", "poll", "loop"],
}


def _imports(path: Path) -> set[str]:
    """Every module path an import statement in the file names (for "from a import b", both a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if ".venv" not in p.parts)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_top_level_packages_import_only_downwards(package: str) -> None:
    allowed = {package, "rag", *PACKAGES[package]}
    ours = set(PACKAGES) | {"tests"}
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(package)
        for name in _imports(path)
        if name.split(".")[0] in ours and name.split(".")[0] not in allowed
    ]
    assert wrong == []


def _room(parts: list[str]) -> str:
    """rag.answer.service -> answer; rag.types -> types."""
    return parts[1] if len(parts) > 1 else ""


def test_every_room_of_rag_is_on_a_floor() -> None:
    rooms = {p.stem if p.parent == ROOT / "rag" else p.relative_to(ROOT / "rag").parts[0] for p in _modules("rag")}
    assert rooms - {"__init__"} == set(FLOORS)


def test_rooms_of_rag_import_only_rooms_of_lower_floors() -> None:
    wrong = []
    for path in _modules("rag"):
        here = _room(["rag", *path.relative_to(ROOT / "rag").with_suffix("").parts])
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "rag" or len(parts) < 2 or parts[1] not in FLOORS:
                continue
            there = parts[1]
            if here not in (there, "__init__") and FLOORS[there] >= FLOORS[here]:
                wrong.append(f"{path.relative_to(ROOT)} ({here}, floor {FLOORS[here]}) imports {name} (floor {FLOORS[there]})")
    assert wrong == []


@pytest.mark.parametrize("room", sorted(ORDERS))
def test_inside_a_room_a_module_imports_only_those_before_it(room: str) -> None:
    order = ORDERS[room]
    present = sorted(p.stem for p in (ROOT / "rag" / room).glob("*.py") if p.stem != "__init__")
    assert sorted(order) == present, f"rag/{room}/ holds {present}; the order names {sorted(order)}"
    wrong = []
    for stem in order:
        for name in _imports(ROOT / "rag" / room / f"{stem}.py"):
            parts = name.split(".")
            if parts[:2] == ["rag", room] and len(parts) > 2 and parts[2] in order and order.index(parts[2]) >= order.index(stem):
                wrong.append(f"rag/{room}/{stem}.py imports {name}")
    assert wrong == []
