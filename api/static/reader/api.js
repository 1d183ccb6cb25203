// The API as the page uses it: the key, the article reader's GET, and /v1/ask's Server-Sent Events read with
// fetch() (EventSource cannot POST). The key lives in sessionStorage only: gone with the tab, never written to
// localStorage or the URL (where history, logs and Referer headers would keep it).

const KEY = "newsqa.key";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || "",
  set: (value) => (value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY)),
};

function headers(extra) {
  const key = apiKey.get();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

/** The error a non-2xx reply carries ({"error": {"code", "message"}}), or its status line when it has none. */
async function failure(response) {
  let code = `http_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body?.error?.message) ({ code, message } = body.error);
  } catch {
    // not JSON (a proxy's page): the status line says enough
  }
  return new ApiError(response.status, code, message);
}

/** GET /v1/documents/{doc_id}: the article with the text every offset points into. */
export async function getDocument(docId, signal) {
  const response = await fetch(`/v1/documents/${encodeURIComponent(docId)}`, {
    headers: headers({ Accept: "application/json" }),
    signal,
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** One SSE block ("event: x\ndata: {...}") to its handler in on (on.delta, on.citation, on.done, on.error). */
function dispatch(block, on) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue; // a comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length && on[event]) on[event](JSON.parse(data.join("\n")));
  return event;
}

/** POST /v1/ask with "stream": true, each event to its handler; rejects on a non-2xx reply or a cut-off stream. */
export async function askStream(body, on, signal) {
  const response = await fetch("/v1/ask", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify({ ...body, stream: true }),
    signal,
  });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let over = false; // done or error seen: the server closes the stream right after it
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer = (buffer + value).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = dispatch(buffer.slice(0, cut), on);
      buffer = buffer.slice(cut + 2);
      over ||= event === "done" || event === "error";
    }
  }
  if (!over) throw new ApiError(0, "stream_ended", "The answer stream ended before the answer was complete.");
}
