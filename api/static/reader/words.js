// Pure wording (no DOM): dates, outlets, links, confidence and an abstention's reason in plain words.

/** The date part of an ISO timestamp ("2025-05-17T10:03:00-04:00" -> "2025-05-17"), or "". */
export const day = (iso) => (typeof iso === "string" ? iso.slice(0, 10) : "");

/** Today as the reader's calendar shows it (not UTC: late in the evening UTC is already tomorrow). */
export function localDate(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The URL when it is http(s), else null: a javascript: or data: address is never made a link. */
export function httpUrl(url) {
  if (typeof url !== "string" || url === "") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Who published it: the URL's host without "www.", else the article's source, else "". */
export function outlet(url, source) {
  // the outlet named at ingest (a feed's `outlet`, an article's `source`) says more than a host (127.0.0.1)
  if (typeof source === "string" && source.trim()) return source.trim();
  const href = httpUrl(url);
  return href ? new URL(href).hostname.replace(/^www\./, "") : "";
}

/** "Confidence 72%" and what it means, or what a null confidence means. */
export function confidenceText(confidence) {
  if (typeof confidence !== "number") return "Confidence: not calibrated";
  const percent = Math.round(confidence * 100);
  return `Confidence ${percent}%: of answers this sure, about ${percent} in 100 were right in testing`;
}

/** "Searched: this week (2025-05-11 to 2025-05-17)", or "" without a window. */
export function windowText(window) {
  if (!window) return "";
  const [start, end] = [day(window.start), day(window.end)];
  const dates = start === end ? start : `${start} to ${end}`;
  return window.phrase ? `Searched: ${window.phrase} (${dates})` : `Searched: ${dates}`;
}

/**
 * The reasons' wording: the one table the server words chat content and the CLI from (api/reasons.py). A page that
 * cannot load it still says that there is no answer.
 */
const REASONS = await fetch("/ui/static/reasons.json")
  .then((reply) => (reply.ok ? reply.json() : {}))
  .catch(() => ({}));

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");

/**
 * Why there is no answer, in plain words: {lines: [...], retry: bool}; retry offers "Show it anyway" (only a
 * low_confidence abstention has a withheld answer to show).
 */
export function abstention(done, table = REASONS) {
  const window = done.time_window;
  let span = "";
  if (window) {
    const [start, end] = [day(window.start), day(window.end)];
    const dates = start === end ? start : `${start} to ${end}`;
    span = window.phrase ? ` from ${window.phrase} (${dates})` : ` from ${dates}`;
  }
  const question = (done.question || "").split(/\s+/).join(" ").trim();
  const values = {
    span,
    where: span || " in the store (within the filters)",
    asked: `“${question.length > 120 ? `${question.slice(0, 120)}…` : question}”`,
    latest: done.nearest_published_at ? ` The latest related article before that is from ${day(done.nearest_published_at)}.` : "",
    sure: typeof done.confidence === "number" ? `${Math.round(done.confidence * 100)}%` : "unknown",
  };
  const template = table[done.reason];
  const lines = [template ? fill(template, values) : done.answer || "The articles do not answer this question."];
  return { lines, retry: done.reason === "low_confidence" };
}
