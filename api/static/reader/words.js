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
  const href = httpUrl(url);
  if (href) return new URL(href).hostname.replace(/^www\./, "");
  return typeof source === "string" ? source : "";
}

/** "Confidence 72%", or what a null confidence means. */
export function confidenceText(confidence) {
  if (typeof confidence !== "number") return "Confidence: not calibrated";
  return `Confidence ${Math.round(confidence * 100)}%`;
}

/** "Searched: this week (2025-05-11 to 2025-05-17)", or "" without a window. */
export function windowText(window) {
  if (!window) return "";
  const [start, end] = [day(window.start), day(window.end)];
  const dates = start === end ? start : `${start} to ${end}`;
  return window.phrase ? `Searched: ${window.phrase} (${dates})` : `Searched: ${dates}`;
}

/**
 * Why there is no answer, in plain words: {lines: [...], retry: bool}; retry offers "Show it anyway" (only a
 * low_confidence abstention has a withheld answer to show).
 */
export function abstention(done) {
  const lines = [];
  const window = done.time_window;
  switch (done.reason) {
    case "no_articles": {
      const from = window ? `from ${window.phrase || "that time"} ` : "";
      lines.push(window ? `No articles ${from}match the question.` : "No articles in the store (within the filters) match the question.");
      if (done.nearest_published_at) lines.push(`The latest related article is from ${day(done.nearest_published_at)}.`);
      break;
    }
    case "off_topic":
      lines.push("None of the articles is about this.");
      if (done.nearest_published_at) lines.push(`The latest related article is from ${day(done.nearest_published_at)}.`);
      break;
    case "not_stated":
      lines.push("The articles found do not state the answer.");
      break;
    case "low_confidence": {
      const sure = typeof done.confidence === "number" ? ` (confidence ${Math.round(done.confidence * 100)}%)` : "";
      lines.push(`An answer was found but withheld as too likely wrong${sure}.`);
      break;
    }
    default:
      lines.push(done.answer || "The articles do not answer this question.");
  }
  if (window) lines.push(windowText(window));
  return { lines, retry: done.reason === "low_confidence" };
}
