import { el, text, wrap } from './svg.ts';

/**
 * The raw frame of a message one click away in a sequence diagram: the arrow's label links to a panel
 * (`#raw-<seq>`) that CSS shows only while it is the URL's target, so the diagram stays readable
 * (message names, attributes on hover) and the bytes as sent — the IVR Server's XML — are a click off.
 * Works wherever the SVG is opened as a document (the report's attachment link); a close link clears
 * the target. Pure: text in, SVG out.
 */

/** Set once in the diagram: panels are hidden until targeted. */
export const RAW_PANEL_STYLE = '<style>.raw-frame{display:none}.raw-frame:target{display:inline}</style>';

const MAX_LINES = 30;
const CHAR_W = 7.2;

export function rawFrameId(seq: number): string {
  return `raw-${seq}`;
}

/** Wraps a message label so a click shows its raw frame. */
export function linkToRaw(seq: number, inner: string): string {
  return el('a', { href: `#${rawFrameId(seq)}`, class: 'raw-link' }, inner);
}

/** The panel for one message's raw frame, drawn at (x, y), `width` wide, and where it ends (the diagram grows to hold it). */
export function rawFramePanel(seq: number, raw: string, x: number, y: number, width: number): { svg: string; bottom: number } {
  const chars = Math.max(20, Math.floor((width - 16) / CHAR_W));
  // Documents are one line on the wire: break after each tag so the XML reads, then wrap long lines.
  let lines = raw.replace(/>\s*</g, '>\n<').split('\n').flatMap((l) => wrap(l, chars));
  if (lines.length > MAX_LINES) lines = [...lines.slice(0, MAX_LINES - 1), `… ${lines.length - MAX_LINES + 1} more lines`];
  const h = 34 + lines.length * 15;
  const svg = el('g', { id: rawFrameId(seq), class: 'raw-frame' }, [
    el('rect', { x, y, width, height: h, rx: 4, fill: '#f6f8fa', stroke: '#424a53' }),
    text(x + 8, y + 16, `seq ${seq}: the frame as it was on the wire`, { 'font-weight': 'bold', 'font-size': 11 }),
    el('a', { href: '#', class: 'raw-close' }, text(x + width - 8, y + 16, '✕ close', { 'text-anchor': 'end', 'font-size': 11, fill: '#0969da' })),
    ...lines.map((l, i) => text(x + 8, y + 34 + i * 15, l, { 'font-family': 'ui-monospace, Menlo, Consolas, monospace', 'font-size': 11, 'xml:space': 'preserve' })),
  ].join(''));
  return { svg, bottom: y + h };
}
