"""An HTML page read into article fields: its main text without the page's furniture, its headline not repeated."""

from __future__ import annotations

from rag.write.html import html_fields

PAGE = (
    "<!doctype html><html><head><title>Bridge reopens</title></head><body><nav>Home | News | Sport</nav>"
    "<article><h1>Bridge reopens</h1>"
    + "".join(
        f"<p>The Kessler bridge reopened on Tuesday after repairs, part {n} of the council's report said.</p>" for n in range(6)
    )
    + "</article><footer>Copyright Example Gazette</footer></body></html>"
)


def test_the_main_text_is_read_without_the_page_furniture() -> None:
    fields = html_fields(PAGE, "https://news.example/bridge")
    assert fields["title"] == "Bridge reopens" and "Kessler bridge reopened" in fields["text"]
    assert "Home | News" not in fields["text"] and "Copyright" not in fields["text"]
    assert not fields["text"].startswith("Bridge reopens")


def test_a_page_without_article_text_gives_none() -> None:
    assert html_fields("<html><head><title>Empty</title></head><body></body></html>")["text"] == ""
