// Drives the reader page (/) in Debian's headless Chromium against `newsqa serve`: the key prompt on the first
// 401, a streamed cited answer opened by keyboard, a follow-up, an abstention, a deep link, the hostile article, a
// briefing's list.
// Each answer's done event is read from the real SSE response, never from page state exposed for tests.
// Usage: node reader.mjs BASE_URL KEY SCREENSHOT_DIR
import { chromium } from "playwright-core";

const [base, key, shots] = process.argv.slice(2);
const ANSWER_MS = 240_000; // the embedded model on two busy cores
const HOSTILE = "harbor-bridge-2025-03-04"; // tests/api/test_reader_page.py HOSTILE[0]
const check = (ok, message) => {
  if (!ok) throw new Error(message);
};
const codePoints = (text, start, end) => Array.from(text).slice(start, end).join("");

function sseEvents(body) {
  return body
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
      return { event, data: JSON.parse(data) };
    });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    // every text a turn's status line shows while it waits (progress events replace one another quickly)
    window.__statuses = [];
    // each text as it was set: several events set it within one task, so the records are read, not the element
    new MutationObserver((changes) => {
      for (const change of changes) {
        const status = change.target.closest?.(".status") ?? change.target.parentElement?.closest(".status");
        if (!status) continue;
        if (change.type === "characterData") window.__statuses.push(change.target.data);
        for (const node of change.addedNodes) if (node.textContent) window.__statuses.push(node.textContent);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  const auth = { Authorization: `Bearer ${key}` };
  const articleText = async (docId) => (await (await page.request.get(`${base}/v1/documents/${docId}`, { headers: auth })).json()).text;

  /** Ask through the page; resolves with the turn and the done event of the 200 response. */
  async function ask(question, { asOf, whileWaiting } = {}) {
    const index = await page.locator(".turn").count();
    const answered = page.waitForResponse(
      (r) => r.url() === `${base}/v1/ask` && r.request().method() === "POST" && r.status() === 200,
      { timeout: ANSWER_MS },
    );
    if (asOf) await page.fill("#as-of", asOf);
    await page.fill("#question", question);
    await page.press("#question", "Enter");
    if (whileWaiting) await whileWaiting();
    return settled(index, await answered);
  }

  async function settled(index, response) {
    const events = sseEvents(await response.text());
    const done = events.find((e) => e.event === "done")?.data;
    check(done, `no done event: ${JSON.stringify(events).slice(0, 500)}`);
    const turn = page.locator(".turn").nth(index);
    await turn.locator(".answer[aria-busy=false]").waitFor({ timeout: 30_000 });
    const progress = events.filter((e) => e.event === "progress").map((e) => e.data.stage);
    return { turn, done, progress, sent: response.request().postDataJSON(), deltas: events.filter((e) => e.event === "delta").length };
  }

  /** Open the citation's article and check the highlight and the stated words against the article's text. */
  async function checkHighlight(docId, citation, label) {
    const mark = page.locator("#reader mark.active");
    await mark.waitFor({ timeout: 30_000 });
    check((await mark.textContent()) === citation.quote, `${label}: <mark> ${JSON.stringify(await mark.textContent())} != quote ${JSON.stringify(citation.quote)}`);
    const text = await articleText(docId);
    check(codePoints(text, citation.start, citation.end) === citation.quote, `${label}: the quote is not text[start:end] in code points`);
    if (Number.isInteger(citation.stated_start) && Number.isInteger(citation.stated_end)) {
      const stated = await mark.locator(".stated").allTextContents();
      const expected = codePoints(text, citation.stated_start, citation.stated_end);
      check(stated.join("") === expected, `${label}: underlined ${JSON.stringify(stated)} != ${JSON.stringify(expected)}`);
    } else if (citation.n !== undefined) console.log(`${label}: the citation has no stated_start/stated_end (nothing underlined to check)`);
    check(await page.evaluate(() => document.activeElement?.matches("#reader mark.active")), `${label}: focus is not on the highlight`);
    check(await mark.isVisible(), `${label}: the highlight is not scrolled into view`);
    return text;
  }

  async function noViolations(when) {
    const violations = await page.evaluate(() => window.__violations);
    check(violations.length === 0, `CSP violations ${when}: ${violations}`);
  }

  async function noHorizontalScroll(what) {
    await page.setViewportSize({ width: 360, height: 740 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check(width <= 360, `${what}: ${width} px wide at a 360 px viewport`);
    await page.setViewportSize({ width: 1280, height: 860 });
  }

  // 1. the first question: 401, the key field, the key, the same question again, streamed
  await page.goto(`${base}/`, { waitUntil: "networkidle" });
  check((await page.title()) === "newsqa", "title");
  await noHorizontalScroll("the empty page");
  const first = await ask("Who led the Russian delegation?", {
    whileWaiting: async () => {
      await page.locator("#key-form").waitFor({ state: "visible", timeout: 30_000 });
      check((await page.locator("#key-input").getAttribute("type")) === "password", "the key field is not a password field");
      await page.fill("#key-input", key);
      await page.press("#key-input", "Enter");
    },
  });
  check(await page.evaluate(() => localStorage.length === 0 && sessionStorage.getItem("newsqa.key") !== null), "the key is not (only) in sessionStorage");
  check(!page.url().includes(key), "the key is in the URL");
  check(first.done.status === "answered" && first.done.citations.length > 0, `not answered: ${JSON.stringify(first.done).slice(0, 400)}`);
  check((await first.turn.locator(".answer").innerText()).includes("Medinsky"), "the answer does not mention Medinsky");
  check(first.progress.join() === "searching,reading,writing,checking", `progress events: ${first.progress}`);
  check((await page.inputValue("#question")) === "", "the asked question stayed in the box");
  const shown = await page.evaluate(() => window.__statuses);
  check(shown.some((t) => /^Reading \d+ passages? from \d+ articles?…$/.test(t)), `the status line never said what it read: ${shown}`);
  check(first.sent.stream === true && /^\d{4}-\d{2}-\d{2}$/.test(first.sent.as_of), `request body: ${JSON.stringify(first.sent)}`);
  const confidence = await first.turn.locator(".confidence").textContent();
  check(/^Confidence (\d+)%: of answers this sure, about \1 in 100 were right in testing$|^Confidence: not calibrated$/.test(confidence), `confidence line: ${confidence}`);

  // keyboard: focus [n], Enter opens the article at the cited sentence; Escape closes it and returns focus
  const cite = first.turn.locator("button.cite").first();
  const n = Number((await cite.textContent()).replace(/\D/g, ""));
  const citation = first.done.citations.find((c) => c.n === n);
  await cite.focus();
  await page.keyboard.press("Enter");
  await checkHighlight(citation.doc_id, citation, "Medinsky");
  await page.screenshot({ path: `${shots}/reader-answer.png` });
  await noHorizontalScroll("an open article");
  await page.keyboard.press("Escape");
  check(await page.locator("#reader").isHidden(), "Escape did not close the article");
  check(await cite.evaluate((node) => node === document.activeElement), "focus did not return to [n]");

  // 2. a follow-up carries the conversation
  const follow = await ask("What did Zelenskyy call it?");
  check(follow.sent.history.length === 2 && follow.sent.history[0].content === "Who led the Russian delegation?", `history: ${JSON.stringify(follow.sent.history)}`);
  check((await follow.turn.locator(".answer").innerText()).includes("decorative"), `the follow-up lacks "decorative": ${follow.done.answer}`);

  // 3. a new conversation, and an abstention that says why
  await page.click("#new-conversation");
  check((await page.locator(".turn").count()) === 0, "New conversation left turns behind");
  const off = await ask("What is the capital of Australia?");
  check(off.sent.history.length === 0, "a new conversation still sent history");
  check(off.done.status === "not_in_corpus", `answered instead of abstaining: ${off.done.answer}`);
  // the wording of api/static/reader/reasons.json, the one table the page, chat and the CLI share
  const reasons = { no_articles: "No articles", off_topic: "None of the articles is about “What is the capital of Australia?”.", not_stated: "do not state the answer", low_confidence: "too likely to be wrong" };
  const abstained = await off.turn.locator(".abstention").innerText();
  check(abstained.includes(reasons[off.done.reason]), `reason ${off.done.reason} not shown: ${abstained}`);
  const bottom = await page.evaluate(() => Math.ceil(document.querySelector("#ask-form").getBoundingClientRect().bottom));
  await page.screenshot({ path: `${shots}/reader-abstention.png`, clip: { x: 0, y: 0, width: 1280, height: Math.min(860, bottom + 24) } });

  // 4. a deep link asks on load (the key stays in this tab's sessionStorage); the hostile article's citation
  await noViolations("before the deep link");
  const deepLink = page.waitForResponse((r) => r.url() === `${base}/v1/ask` && r.status() === 200, { timeout: ANSWER_MS });
  await page.goto(`${base}/?q=${encodeURIComponent("When did the Harbor Bridge reopen?")}&as_of=2025-03-10`);
  const bridge = await settled(0, await deepLink);
  check(bridge.sent.as_of === "2025-03-10", `as_of from the link: ${bridge.sent.as_of}`);
  check(bridge.done.status === "answered", `the bridge question was not answered: ${JSON.stringify(bridge.done).slice(0, 400)}`);
  // open every span the answer points at from the side panel: citations first, then "Also reported by"
  const spans = [...bridge.done.citations, ...bridge.done.corroboration.map((c) => ({ ...c, stated_start: null }))];
  const opened = [];
  for (const [index, span] of spans.entries()) {
    await bridge.turn.locator("button.source").nth(index).click();
    const text = await checkHighlight(span.doc_id, span, `bridge span ${index}`);
    const before = text.indexOf(span.quote);
    check(Array.from(text.slice(0, before)).length < before, `no astral character precedes ${span.doc_id}'s quote`);
    if (span.doc_id === HOSTILE) {
      const shown = await page.locator("#reader-text").textContent();
      check(shown.includes('<img src=x onerror="window.pwned=1">') && shown.includes("<script>window.pwned=2</script>"), "the article's markup is not shown as text");
      check((await page.locator("#reader-title").textContent()).includes("<img"), "the title's markup is not shown as text");
    }
    opened.push(span.doc_id);
    await page.keyboard.press("Escape");
  }
  check(opened.includes(HOSTILE), `the hostile article was neither cited nor corroborating: ${opened}`);
  console.log(`bridge spans opened: ${opened.join(", ")}`);
  await bridge.turn.locator("button.source").first().click();
  await noHorizontalScroll("the bridge article");

  // 5. an open question: a briefing shown as a list, one item per story, each [n] opening its article at the sentence
  const brief = await ask("What happened this week?", { asOf: "2025-03-10" });
  check(brief.done.kind === "briefing" && brief.done.status === "answered", `not a briefing: ${JSON.stringify(brief.done).slice(0, 400)}`);
  check(brief.progress.join() === "searching,reading", `briefing progress events: ${brief.progress}`);
  const items = brief.turn.locator(".answer ul.briefing > li");
  const lines = brief.done.answer.split("\n");
  check((await items.count()) === lines.length && lines.length === brief.done.citations.length, `list items ${await items.count()}, lines ${lines.length}, citations ${brief.done.citations.length}`);
  for (const [index, citation] of brief.done.citations.entries()) {
    const item = items.nth(index);
    const said = await item.innerText();
    check(said.includes(citation.quote.split(/\s+/).join(" ").slice(0, 40)), `item ${index} does not read its quote: ${said}`);
    check((await item.locator(".meta").innerText()).includes(citation.published_at.slice(0, 10)), `item ${index} has no date: ${said}`);
    // the outlet named at ingest, as the sources panel shows it, not the URL's host
    if (citation.doc_id === HOSTILE) await item.locator(".meta", { hasText: "Springfield Gazette" }).waitFor({ timeout: 10_000 });
    await item.locator("button.cite").click();
    await checkHighlight(citation.doc_id, citation, `briefing item ${index}`);
    await page.keyboard.press("Escape");
  }
  check((await brief.turn.locator(".confidence").innerText()).startsWith("A briefing"), "the briefing's note is missing");
  await page.screenshot({ path: `${shots}/reader-briefing.png` });

  // nothing from the article ran or was parsed as markup, and the CSP never had to block anything
  const state = await page.evaluate(() => ({
    pwned: typeof window.pwned,
    images: document.querySelectorAll("img").length,
    scripts: [...document.scripts].map((s) => s.src),
  }));
  check(state.pwned === "undefined", "window.pwned was set: article markup ran");
  check(state.images === 0, "an <img> from the article is in the DOM");
  check(state.scripts.length === 1 && state.scripts[0] === `${base}/ui/static/reader.js`, `scripts: ${state.scripts}`);
  await noViolations("at the end");
  check(pageErrors.length === 0, `page errors: ${pageErrors}`);
  console.log(`answers streamed in ${[first, follow, bridge].map((a) => a.deltas).join("/")} delta events`);
  console.log("reader ok");
} finally {
  await browser.close();
}
