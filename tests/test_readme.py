"""The README's settings table is what `newsqa config --markdown` prints: written from the settings' own
descriptions, never by hand (a description changes in one place)."""

from __future__ import annotations

from newsqa.config import COMMON, markdown, rows
from rag.settings import Settings
from tests.helpers import ROOT

START, END = "<!-- newsqa config --markdown -->\n", "<!-- end of newsqa config --markdown -->"


def test_the_readme_holds_the_generated_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme[readme.index(START) + len(START) : readme.index(END)] == markdown()


def test_every_setting_is_described_and_the_common_ones_exist() -> None:
    found = list(rows(Settings(_env_file=None)))
    assert [r.name for r in found if not r.description] == []
    assert set(COMMON) <= {r.name for r in found}
