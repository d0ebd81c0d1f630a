/**
 * Small SVG building helpers. Every piece of text a diagram shows may come from a system under test
 * (attribute values, participant names, message names), so nothing reaches the markup unescaped.
 */

// XML 1.0 forbids most C0 controls even when escaped; a SUT sending them must not make the report unreadable.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any character esc() changes; most text has none, and a diagram escapes hundreds of pieces. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Escapes text for element content and attribute values alike. */
export function esc(text: unknown): string {
  const s = String(text);
  if (!NEEDS_ESCAPING.test(s)) return s;
  return s
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Cuts text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** Splits text into lines of at most `width` characters, breaking at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    let line = raw;
    while (Array.from(line).length > width) {
      const chars = Array.from(line);
      const head = chars.slice(0, width).join('');
      const cut = head.lastIndexOf(' ');
      const at = cut > width / 3 ? cut : width;
      out.push(chars.slice(0, at).join('').trimEnd());
      line = chars.slice(at).join('').trimStart();
      // Keep the indentation of continued explanation lines readable.
      if (/^\s/.test(raw)) line = '    ' + line;
    }
    out.push(line);
  }
  return out;
}

type AttrValue = string | number | undefined;

/** An element with escaped attributes; `inner` is markup already built (escape text with esc()). */
export function el(name: string, attrs: Record<string, AttrValue>, inner = ''): string {
  let s = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${esc(typeof v === 'number' ? round(v) : v)}"`;
  }
  return inner === '' ? `${s}/>` : `${s}>${inner}</${name}>`;
}

export function text(x: number, y: number, content: string, attrs: Record<string, AttrValue> = {}): string {
  return el('text', { x, y, ...attrs }, esc(content));
}

/** A hover tooltip for the enclosing group. */
export function title(content: string): string {
  return `<title>${esc(content)}</title>`;
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A horizontal arrow from x1 to x2 at y, with a filled head; a self-message loops to the right. */
export function arrow(x1: number, x2: number, y: number, colour: string, opts: { dashed?: boolean; width?: number } = {}): string {
  const w = opts.width ?? 1.4;
  const dash = opts.dashed ? '5 3' : undefined;
  if (Math.abs(x2 - x1) < 1) {
    const loop = 28;
    const path = `M${round(x1)} ${round(y - 8)} h${loop} v14 h${-loop + 6}`;
    return (
      el('path', { d: path, fill: 'none', stroke: colour, 'stroke-width': w, 'stroke-dasharray': dash }) +
      el('polygon', { points: `${round(x1)},${round(y + 6)} ${round(x1 + 7)},${round(y + 2)} ${round(x1 + 7)},${round(y + 10)}`, fill: colour })
    );
  }
  const dir = x2 > x1 ? 1 : -1;
  const tip = x2 - dir * 1;
  const base = tip - dir * 8;
  return (
    el('line', { x1, y1: y, x2: base, y2: y, stroke: colour, 'stroke-width': w, 'stroke-dasharray': dash }) +
    el('polygon', { points: `${round(tip)},${round(y)} ${round(base)},${round(y - 4)} ${round(base)},${round(y + 4)}`, fill: colour })
  );
}

/** Milliseconds as a short time label: `12.3 ms`, `30.002 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${round(ms)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}
