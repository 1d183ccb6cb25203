// The reader page: ask, stream the answer in, keep the conversation, open sources in the reader pane.
// /?q=<question>&as_of=<date> prefills the box and asks on load (how a chat bot links to an answer); the API key
// is never read from the URL.

import { ApiError, apiKey, askStream, getDocument } from "./api.js";
import { ReaderPane } from "./article.js";
import { el, renderAbstention, renderAnswer, renderSources } from "./render.js";
import { localDate } from "./words.js";

const $ = (id) => document.getElementById(id);
const MAX_HISTORY = 20; // messages sent back (the server reads the last few, and refuses over 50)
const turns = [];
let running = null; // the AbortController of the answer in flight
let pending = null; // a request refused for want of a key, sent again once one is given

const documents = new Map(); // doc_id -> Promise of the article, shared by the sources' outlets and the pane
function documentOf(docId) {
  if (!documents.has(docId)) {
    const article = getDocument(docId);
    documents.set(docId, article);
    article.catch(() => documents.delete(docId)); // a failure (no key yet) is tried again next time
  }
  return documents.get(docId);
}

const pane = new ReaderPane($("reader"), documentOf, needsKey);

function showKeyForm(why) {
  const form = $("key-form");
  form.hidden = false;
  $("key-toggle").setAttribute("aria-expanded", "true");
  $("key-why").textContent = why;
  $("key-input").focus();
}

function hideKeyForm() {
  $("key-form").hidden = true;
  $("key-toggle").setAttribute("aria-expanded", "false");
}

/** A 401 opens the key field; retry runs once a key is given. True when it was a key problem. */
function needsKey(error, retry) {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  pending = retry;
  const said = error.message.charAt(0).toUpperCase() + error.message.slice(1).replace(/[.:]?$/, ".");
  showKeyForm(error.code === "missing_key" ? "This server needs an API key." : said);
  return true;
}

function filtersFromForm() {
  const filters = {};
  for (const [name, id] of [["source", "f-source"], ["published_after", "f-after"], ["published_before", "f-before"]]) {
    const value = $(id).value.trim();
    if (value) filters[name] = value;
  }
  return Object.keys(filters).length ? filters : null;
}

function historyBefore(turn) {
  const earlier = turns.slice(0, turns.indexOf(turn)).filter((t) => t.done);
  const messages = earlier.flatMap((t) => [
    { role: "user", content: t.question },
    { role: "assistant", content: t.done.answer },
  ]);
  return messages.slice(-MAX_HISTORY);
}

function addTurn(question, asOf, filters) {
  const answer = el("div", { class: "answer", "aria-live": "polite", "aria-busy": "true" });
  const status = el("p", { class: "status", role: "status" });
  const sources = el("aside", { class: "sources", "aria-label": `Sources for “${question}”`, hidden: true });
  const main = el("div", { class: "turn-main" }, el("p", { class: "question" }, el("span", { class: "visually-hidden" }, "You asked: "), question));
  main.append(answer, status);
  const node = el("li", { class: "turn" }, main, sources);
  const turn = { question, asOf, filters, done: null, node, answer, status, sources };
  turns.push(turn);
  $("turns").append(node);
  $("empty").hidden = true;
  return turn;
}

/** Every span of docId the answer points at: its citations (with the words that state it) and corroboration. */
function spansOf(view, docId) {
  const stated = (c) => (Number.isInteger(c.stated_start) && Number.isInteger(c.stated_end) ? [c.stated_start, c.stated_end] : null);
  const spans = view.citations.map((c) => ({ ...c, label: `[${c.n}]`, key: `n${c.n}`, stated: stated(c) }));
  (view.corroboration || []).forEach((c, i) => spans.push({ ...c, label: "also reported", key: `c${i}`, stated: null }));
  return spans.filter((s) => s.doc_id === docId);
}

function open(view, docId, key, opener) {
  pane.open(docId, spansOf(view, docId).map((s) => ({ ...s, active: s.key === key })), opener);
}

const citationOpener = (view) => (n, opener) => open(view, view.citations.find((c) => c.n === n).doc_id, `n${n}`, opener);

const outletOf = (docId) => documentOf(docId).then((article) => article.source);

function showSources(turn, view) {
  renderSources(turn.sources, view, {
    openCitation: citationOpener(view),
    openCorroboration: (i, opener) => open(view, view.corroboration[i].doc_id, `c${i}`, opener),
    outletOf,
  });
}

function finish(turn, done) {
  turn.done = done;
  if (done.status === "answered") renderAnswer(turn.answer, done, citationOpener(done), outletOf);
  else renderAbstention(turn.answer, done, () => run(turn, { min_confidence: 0 }));
  showSources(turn, done);
}

function setBusy(busy) {
  $("ask-button").disabled = busy;
  $("stop-button").hidden = !busy;
}

async function run(turn, extra = {}) {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  setBusy(true);
  turn.done = null;
  turn.answer.replaceChildren();
  turn.answer.setAttribute("aria-busy", "true");
  turn.status.textContent = "Searching the articles…";
  const body = { question: turn.question, history: historyBefore(turn), ...extra };
  if (turn.asOf) body.as_of = turn.asOf;
  if (turn.filters) body.filters = turn.filters;
  const streamed = { citations: [], corroboration: [] };
  try {
    await askStream(body, {
      progress: ({ message }) => (turn.status.textContent = message),
      delta: ({ text }) => {
        turn.status.textContent = "";
        turn.answer.append(text);
      },
      citation: (citation) => {
        streamed.citations.push(citation);
        showSources(turn, streamed);
      },
      done: (done) => finish(turn, done),
      error: ({ error }) => (turn.status.textContent = `The answer failed: ${error.message}`),
    }, controller.signal);
    if (turn.done) turn.status.textContent = "";
  } catch (error) {
    if (error.name === "AbortError") turn.status.textContent = "Stopped.";
    else if (needsKey(error, () => run(turn, extra))) turn.status.textContent = "Waiting for an API key…";
    else if (error instanceof ApiError) turn.status.textContent = error.message;
    else turn.status.textContent = `The server could not be reached (${error.message}).`;
  } finally {
    turn.answer.setAttribute("aria-busy", "false");
    if (running === controller) {
      running = null;
      setBusy(false);
    }
  }
}

function ask(event) {
  event.preventDefault(); // the page never submits a form (form-action 'none'): it sends JSON with fetch
  const question = $("question").value.trim();
  if (!question || running) return;
  $("question").value = "";
  run(addTurn(question, $("as-of").value, filtersFromForm()));
}

function newConversation() {
  running?.abort();
  pending = null;
  pane.close();
  turns.length = 0;
  documents.clear();
  $("turns").replaceChildren();
  $("empty").hidden = false;
  $("question").focus();
}

function wire() {
  $("ask-form").addEventListener("submit", ask);
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("stop-button").addEventListener("click", () => running?.abort());
  $("new-conversation").addEventListener("click", newConversation);
  $("key-toggle").addEventListener("click", () => {
    if (!$("key-form").hidden) hideKeyForm();
    else showKeyForm(apiKey.get() ? "A key is set for this tab; enter another to replace it." : "No key is set for this tab.");
  });
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    apiKey.set($("key-input").value.trim());
    $("key-input").value = "";
    hideKeyForm();
    const retry = pending;
    pending = null;
    if (retry) retry();
    else $("question").focus();
  });
  $("key-forget").addEventListener("click", () => {
    apiKey.set("");
    $("key-why").textContent = "The key is forgotten.";
  });
}

function start() {
  wire();
  const params = new URLSearchParams(window.location.search);
  const asOf = params.get("as_of");
  $("as-of").value = asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : localDate();
  const question = params.get("q");
  if (question) {
    $("question").value = question;
    $("ask-form").requestSubmit();
  } else $("question").focus();
}

start();
