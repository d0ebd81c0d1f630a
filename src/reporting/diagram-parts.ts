import type { Verdict } from '../flow/result.ts';
import { el, esc, text, truncate } from './svg.ts';

/** The sequence diagram's palette, geometry and recurring pieces (lifelines, labels, elision markers). */
export const PROTOCOL_COLOURS: Record<string, string> = {
  InteractionManagement: '#0969da',
  Reporting: '#8250df',
  TLibrary: '#9a6700',
  ESP: '#1a7f37',
  IVR: '#0e7c86',
};
export const OTHER = '#57606a';
export const RED = '#cf222e';
export const MUTED = '#8c959f';
/** Lag: the run's own slowness, and what it excused (an inconc, not a failure). */
export const LAG = '#bc4c00';
export const LAG_BG = '#fff1e5';
export const VERDICT_COLOURS: Record<Verdict, string> = { pass: '#1a7f37', fail: RED, inconc: '#9a6700', error: RED };

export const PAD = 16;
export const COL = 170;
export const GUTTER = 72;
export const TIME_W = 72;
export const HEAD_H = 42;
export const TOP = 64;

export function lifeline(side: string, name: string, sub: string, cx: number, bottom: number): string {
  const top = TOP + 22;
  return el('g', { class: 'lifeline', 'data-side': side, 'data-participant': name }, [
    el('line', { x1: cx, y1: top + HEAD_H, x2: cx, y2: bottom, stroke: '#afb8c1', 'stroke-dasharray': '4 4' }),
    el('rect', { x: cx - COL / 2 + 8, y: top, width: COL - 16, height: HEAD_H - 4, rx: 4, fill: '#ffffff', stroke: '#57606a' }),
    text(cx, top + 16, truncate(name, 24), { 'text-anchor': 'middle', 'font-weight': 'bold' }),
    text(cx, top + 31, truncate(sub, 26), { 'text-anchor': 'middle', 'font-size': 10, fill: MUTED }),
  ].join(''));
}

export function messageLabel(x1: number, x2: number, y: number, label: string, detail: string, colour: string, bold: boolean): string {
  const span = Math.max(Math.abs(x2 - x1), COL - 20);
  const max = Math.max(16, Math.floor(span / 6.6));
  const main = truncate(label, max);
  const room = max - Array.from(main).length - 2;
  const cx = Math.abs(x2 - x1) < 1 ? x1 + 34 : (x1 + x2) / 2;
  const anchor = Math.abs(x2 - x1) < 1 ? 'start' : 'middle';
  const extra = detail && room > 8 ? `<tspan fill="${bold ? colour : MUTED}" font-weight="normal" font-size="10">  ${esc(truncate(detail, room))}</tspan>` : '';
  return el('text', { x: cx, y, 'text-anchor': anchor, fill: colour, 'font-weight': bold ? 'bold' : undefined }, esc(main) + extra);
}

export function elided(side: string, x: number, w: number, top: number, label: string): string {
  return el('g', { class: 'elided', 'data-side': side }, [
    el('line', { x1: x + 4, y1: top + 13, x2: x + w - 4, y2: top + 13, stroke: MUTED, 'stroke-dasharray': '2 4' }),
    el('rect', { x: x + w / 2 - (label.length * 6.2) / 2 - 6, y: top + 4, width: label.length * 6.2 + 12, height: 18, fill: '#ffffff' }),
    text(x + w / 2, top + 17, label, { 'text-anchor': 'middle', fill: MUTED, 'font-style': 'italic' }),
  ].join(''));
}
