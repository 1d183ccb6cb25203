"""docs/design.md opens with the tree of rag/: a module missing from it (added, moved or renamed without the
design saying where it belongs) fails here."""

from __future__ import annotations

import re

from tests.helpers import ROOT


def _rag_tree() -> str:
    """The tree's lines from rag/ down to the next top-level folder."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    tree = text[text.index("```") : text.index("```", text.index("```") + 3)]
    return tree.split("\napi/", 1)[0]


def test_every_module_of_rag_is_in_the_design_tree() -> None:
    tree = _rag_tree()
    named: dict[str, set[str]] = {}
    room = ""
    for line in tree.splitlines():
        heading = re.match(r"\s{2}(\w+)/\s", line)
        if heading:
            room = heading.group(1)
        elif not line.startswith("    "):  # a line of the top level (continuations are indented further)
            room = ""
        named.setdefault(room, set()).update(re.findall(r"(\w+)\.py", line))
    modules = sorted(p.relative_to(ROOT / "rag") for p in (ROOT / "rag").rglob("*.py") if p.name != "__init__.py")
    missing = [str(m) for m in modules if m.stem not in named.get(m.parent.name if m.parent.name != "." else "", set())]
    assert missing == [], f"docs/design.md's tree does not name {missing}"


def test_the_tree_names_no_module_that_is_gone() -> None:
    tree = _rag_tree()
    stems = {p.stem for p in (ROOT / "rag").rglob("*.py")}
    stale = sorted(set(re.findall(r"(\w+)\.py", tree)) - stems)
    assert stale == [], f"docs/design.md names modules that no longer exist: {stale}"
