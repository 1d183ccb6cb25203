// One turn's answer, sources and abstention as DOM. Every text from the server (answers, titles, quotes) goes in
// as a text node: nothing here parses HTML, so markup in an article is shown as the characters it is.

import { answerPieces } from "./text.js";
import { abstention, confidenceText, day, httpUrl, outlet, windowText } from "./words.js";

/** An element with attributes and children; string children become text nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== ""));
  return node;
}

/** A link only for an http(s) URL (opened apart, telling the site nothing); any other address stays text. */
export function link(url, text) {
  const href = httpUrl(url);
  return href ? el("a", { href, rel: "noopener noreferrer", target: "_blank" }, text) : el("span", {}, text);
}

const hidden = (text) => el("span", { class: "visually-hidden" }, text);

/** The done answer with its [n] markers as buttons and its unsupported parts marked. */
export function renderAnswer(box, done, openCitation, outletOf = () => Promise.resolve(null)) {
  const titles = new Map(done.citations.map((c) => [c.n, c.title]));
  let unsupported = null; // the span gathering a run of unsupported pieces
  box.replaceChildren();
  if (done.kind === "briefing") {
    renderBriefing(box, done, openCitation, outletOf);
    return;
  }
  for (const piece of answerPieces(done.answer, done.unsupported || [], new Set(titles.keys()))) {
    if (piece.unsupported && !unsupported) {
      unsupported = el("span", { class: "unsupported", title: "No source supports this part of the answer" });
      box.append(unsupported);
    } else if (!piece.unsupported && unsupported) {
      unsupported.append(hidden(" (unsupported)"));
      unsupported = null;
    }
    const node =
      piece.n === null
        ? document.createTextNode(piece.text)
        : el("button", { type: "button", class: "cite", "aria-label": `Source ${piece.n}: ${titles.get(piece.n)}` }, piece.text);
    if (piece.n !== null) node.addEventListener("click", () => openCitation(piece.n, node));
    (unsupported || box).append(node);
  }
  if (unsupported) unsupported.append(hidden(" (unsupported)"));
}

/** A briefing: one list item per "- sentence [n]" line, its [n] opening the article at the sentence, with the
 * date and outlet of the article it quotes (the outlet named at ingest when there is one, as in the sources). */
function renderBriefing(box, done, openCitation, outletOf) {
  const cited = new Map(done.citations.map((c) => [c.n, c]));
  const list = el("ul", { class: "briefing" });
  for (const line of done.answer.split("\n")) {
    const item = el("li");
    let source = null;
    for (const piece of answerPieces(line.replace(/^- /, ""), [], new Set(cited.keys()))) {
      if (piece.n === null) {
        item.append(document.createTextNode(piece.text));
        continue;
      }
      source = cited.get(piece.n);
      const button = el("button", { type: "button", class: "cite", "aria-label": `Source ${piece.n}: ${source.title}` }, piece.text);
      button.addEventListener("click", () => openCitation(piece.n, button));
      item.append(button);
    }
    if (source) {
      const quoted = source;
      const meta = el("span", { class: "meta" });
      const said = (name) => meta.replaceChildren([name, day(quoted.published_at)].filter(Boolean).join(" · "));
      said(outlet(quoted.url, null));
      outletOf(quoted.doc_id).then((name) => said(outlet(quoted.url, name)), () => {});
      item.append(" ", meta);
    }
    list.append(item);
  }
  box.append(list);
}

/** Why there is no answer, in plain words (never an empty box), with "Show it anyway" for a withheld one. */
export function renderAbstention(box, done, showAnyway) {
  const { lines, retry } = abstention(done);
  const note = el("div", { class: "abstention" }, el("p", { class: "abstention-head" }, "No answer from the articles."));
  lines.forEach((line) => note.append(el("p", {}, line)));
  if (retry) {
    const button = el("button", { type: "button" }, "Show it anyway");
    button.addEventListener("click", showAnyway);
    note.append(button);
  }
  box.replaceChildren(note);
}

function entry(label, title, meta, open) {
  const button = el(
    "button",
    { type: "button", class: "source" },
    el("span", { class: "source-n" }, label),
    el("span", { class: "source-title" }, title || "(untitled)"),
    meta,
  );
  button.addEventListener("click", () => open(button));
  return el("li", {}, button);
}

/**
 * The side panel: confidence, the cited articles and who else reported it. view: the done event, or
 * {citations, corroboration} while it streams; outletOf(doc_id) resolves to an article's source.
 */
export function renderSources(aside, view, { openCitation, openCorroboration, outletOf }) {
  const parts = [];
  // an abstention has no answer to be sure of, unless one was withheld (low_confidence keeps its confidence)
  const judged = view.status === "answered" || typeof view.confidence === "number";
  if (view.kind === "briefing" && view.status === "answered") {
    parts.push(el("p", { class: "confidence" }, "A briefing: each line is an article's own sentence, quoted exactly."));
  } else if (view.status && judged) parts.push(el("p", { class: "confidence" }, confidenceText(view.confidence)));
  // an abstention's reason names the window already
  if (view.time_window && view.status === "answered") parts.push(el("p", { class: "meta" }, windowText(view.time_window)));
  if (view.citations.length) {
    const list = el("ol", { class: "source-list" });
    // one entry per source, in number order (a source two claims cite is listed once)
    const sources = [...new Map(view.citations.map((c) => [c.n, c])).values()].sort((a, b) => a.n - b.n);
    for (const c of sources) {
      const meta = el("span", { class: "meta" });
      const said = (source) => meta.replaceChildren([source, day(c.published_at)].filter(Boolean).join(" · "));
      said(outlet(c.url, null));
      outletOf(c.doc_id).then((source) => said(outlet(c.url, source)), () => {}); // the outlet named at ingest, if any
      list.append(entry(`[${c.n}]`, c.title, meta, (button) => openCitation(c.n, button)));
    }
    parts.push(el("h3", {}, "Sources"), list);
  }
  if (view.corroboration?.length) {
    const list = el("ul", { class: "source-list" });
    view.corroboration.forEach((c, index) => {
      const said = [c.outlet || outlet(c.url, null), day(c.published_at)].filter(Boolean);
      const label = said.length > 1 ? `${said[0]} (${said[1]})` : said[0] || "another article";
      // a republished wire story is one report, not another outlet's own: said so beside it
      const copy = c.same_story ? el("span", { class: "meta" }, "the same wire story, republished") : null;
      list.append(entry(label, c.title, copy, (button) => openCorroboration(index, button)));
    });
    parts.push(el("h3", {}, "Also reported by"), list);
  }
  aside.replaceChildren(...parts);
  aside.hidden = parts.length === 0;
}
