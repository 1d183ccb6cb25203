// The reader pane: the whole article, every cited span of it in a <mark> (the one opened is active), the words
// that state the answer underlined inside it, scrolled to and focused. Escape closes it and returns focus.

import { el, link } from "./render.js";
import { codePointSlice, highlight } from "./text.js";
import { day, outlet } from "./words.js";

export class ReaderPane {
  /** root: the pane's section; documentOf(doc_id) resolves to GET /v1/documents/{doc_id}; onError(error, retry). */
  constructor(root, documentOf, onError) {
    this.root = root;
    this.documentOf = documentOf;
    this.onError = onError;
    this.title = root.querySelector("#reader-title");
    this.meta = root.querySelector("#reader-meta");
    this.note = root.querySelector("#reader-note");
    this.text = root.querySelector("#reader-text");
    this.opener = null;
    this.shown = 0; // which open() is current: a slow earlier fetch must not replace a later article
    root.querySelector("#reader-close").addEventListener("click", () => this.close());
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.root.hidden) {
        event.preventDefault();
        this.close();
      }
    });
  }

  /** Show doc_id with spans ([{start, end, stated, active, quote, label}], code points); opener gets focus back. */
  async open(docId, spans, opener) {
    const ticket = ++this.shown;
    this.opener = opener;
    this.title.textContent = "Loading the article…";
    this.meta.replaceChildren();
    this.note.textContent = "";
    this.text.replaceChildren();
    this.root.hidden = false;
    let article;
    try {
      article = await this.documentOf(docId);
    } catch (error) {
      if (ticket !== this.shown) return;
      this.title.textContent = "The article could not be loaded";
      this.note.textContent = error.message || String(error);
      this.title.focus();
      this.onError(error, () => this.open(docId, spans, opener));
      return;
    }
    if (ticket === this.shown) this.show(article, spans);
  }

  show(article, spans) {
    this.title.textContent = article.title || "(untitled)";
    const said = [outlet(article.url, article.source), day(article.published_at), (article.authors || []).join(", ")];
    this.meta.replaceChildren(said.filter(Boolean).join(" · "));
    if (article.url) this.meta.append(" · ", link(article.url, article.url));
    const active = spans.find((s) => s.active);
    if (active && codePointSlice(article.text, active.start, active.end) !== active.quote) {
      this.note.textContent = "This article has changed since the answer was given: the highlight may be off.";
    }
    for (const run of highlight(article.text, spans)) {
      const parts = run.parts.map((p) => (p.stated ? el("span", { class: "stated" }, p.text) : document.createTextNode(p.text)));
      if (!run.mark) this.text.append(...parts);
      else {
        const attributes = { class: run.mark.active ? "active" : null, title: `Cited as ${run.mark.label}` };
        this.text.append(el("mark", { ...attributes, tabindex: run.mark.active ? "-1" : null }, ...parts));
      }
    }
    const target = this.text.querySelector("mark.active") || this.title;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  close() {
    if (this.root.hidden) return;
    this.shown += 1; // an article still loading is no longer wanted
    this.root.hidden = true;
    this.text.replaceChildren();
    if (this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }
}
