// Pure text logic (no DOM, so node can test it): where the highlights and citation markers fall.
// The server's offsets are Python str indices, i.e. Unicode code points; JavaScript strings count UTF-16 units,
// where an emoji is two. Every offset is converted through utf16Offsets, or a 🚧 before a quote would shift it.

/** The UTF-16 index of each code point of text, plus one entry for its end (at[n] = index of code point n). */
export function utf16Offsets(text) {
  const at = [];
  let unit = 0;
  for (const char of text) {
    at.push(unit);
    unit += char.length;
  }
  at.push(unit);
  return at;
}

const clamp = (value, low, high) => Math.min(Math.max(value, low), high);

function usable(spans, length) {
  const byRange = new Map();
  for (const span of spans) {
    if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start < span.end)) continue;
    if (span.end > length) continue; // offsets past the text: the article changed, nothing to mark
    const key = `${span.start}:${span.end}`;
    const known = byRange.get(key);
    // one range cited twice is one mark: the active one wins, and the stated words of either are kept
    if (!known || (span.active && !known.active)) byRange.set(key, { ...span, stated: span.stated || known?.stated || null });
  }
  return [...byRange.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * The article text cut into runs for rendering: [{mark, parts: [{text, stated}]}], mark being the span that
 * covers the run (or null). spans: [{start, end, stated: [start, end] | null, active, ...}] in code points;
 * stated words are marked only inside their own span.
 */
export function highlight(text, spans) {
  const at = utf16Offsets(text);
  const length = at.length - 1;
  const marks = usable(spans, length);
  const cuts = new Set([0, length]);
  for (const mark of marks) {
    cuts.add(mark.start).add(mark.end);
    if (mark.stated) mark.stated.forEach((offset) => cuts.add(clamp(offset, mark.start, mark.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs = [];
  for (let k = 0; k + 1 < points.length; k += 1) {
    const [from, to] = [points[k], points[k + 1]];
    const mark = marks.find((m) => m.start <= from && to <= m.end) ?? null;
    const stated = Boolean(mark?.stated && mark.stated[0] <= from && to <= mark.stated[1]);
    const piece = { text: text.slice(at[from], at[to]), stated };
    const run = runs.at(-1);
    if (!run || run.mark !== mark) runs.push({ mark, parts: [piece] });
    else if (run.parts.at(-1).stated === stated) run.parts.at(-1).text += piece.text;
    else run.parts.push(piece);
  }
  return runs;
}

// the markers the server writes ("[1]", "[1, 2]"; 【1】 from some models), as rag/answer/citations.py reads them
const MARKER = /[[【]\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*[\]】]/g;

/**
 * The answer cut into pieces: [{text, n, unsupported}], n being a cited passage's number for a marker (null for
 * text). unsupported: [{answer_start, answer_end}] in code points; known: the citation numbers there are.
 */
export function answerPieces(answer, unsupported, known) {
  const at = utf16Offsets(answer);
  const length = at.length - 1;
  const gaps = unsupported
    .filter((s) => Number.isInteger(s.answer_start) && Number.isInteger(s.answer_end) && s.answer_start < s.answer_end)
    .map((s) => [at[clamp(s.answer_start, 0, length)], at[clamp(s.answer_end, 0, length)]]);
  const cuts = new Set([0, answer.length]);
  gaps.forEach(([from, to]) => cuts.add(from).add(to));
  const markers = [...answer.matchAll(MARKER)].map((m) => ({ from: m.index, to: m.index + m[0].length, numbers: m[1] }));
  markers.forEach((m) => cuts.add(m.from).add(m.to));
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let k = 0; k + 1 < points.length; k += 1) {
    const [from, to] = [points[k], points[k + 1]];
    const off = gaps.some(([a, b]) => a <= from && to <= b);
    const marker = markers.find((m) => m.from <= from && to <= m.to);
    if (marker && from !== marker.from) continue; // a gap's edge inside a marker: the marker was emitted whole
    const numbers = marker ? marker.numbers.split(/[,;]/).map(Number) : [];
    if (marker && numbers.every((n) => known.has(n))) {
      numbers.forEach((n) => pieces.push({ text: `[${n}]`, n, unsupported: off }));
      continue;
    }
    const text = answer.slice(from, marker ? marker.to : to);
    const last = pieces.at(-1);
    if (last && last.n === null && last.unsupported === off) last.text += text;
    else pieces.push({ text, n: null, unsupported: off });
  }
  return pieces;
}

/** The code-point slice text[start:end] as Python takes it (to compare with a quote). */
export function codePointSlice(text, start, end) {
  const at = utf16Offsets(text);
  const last = at.length - 1;
  return text.slice(at[clamp(start, 0, last)], at[clamp(end, 0, last)]);
}
