import type { FlowModel } from '../flow/model.ts';
import type { MatchResult } from '../flow/result.ts';
import type { Trace } from '../trace/types.ts';
import { expectedRows, type ExpectedRow } from './expected-rows.ts';
import { observedLifelines, observedRows, type ObservedRow } from './observed-rows.ts';
import { COL, elided, GUTTER, HEAD_H, LAG, LAG_BG, lifeline, messageLabel, MUTED, OTHER, PAD, PROTOCOL_COLOURS, RED, TIME_W, TOP, VERDICT_COLOURS } from './diagram-parts.ts';
import { linkToRaw, RAW_PANEL_STYLE, rawFramePanel } from './raw-frame-panel.ts';
import { arrow, el, esc, formatMs, round, text, title, truncate, wrap } from './svg.ts';

/**
 * The expected flow (a model variant's steps) beside the observed flow (the trace's messages between
 * the model's participants), as the Events and Models Reference draws them: participants as lifelines,
 * time downwards. Matched steps are linked to the messages that matched them; the divergence is red,
 * with its explanation under the diagram. The run's lag is orange: a note row where the harness's event
 * loop lagged much (or where the lag excused a timing miss), a bar in the time column over the stretch
 * it lasted, and the message only the lag excuses marked, with the step it matched (the instance is
 * inconc). Pure: model, result and trace in, SVG text out.
 */
export interface SequenceDiagramInput {
  model: FlowModel;
  variant: string;
  result: MatchResult;
  trace: Trace;
  /** explain(result); without it the diagram falls back to the result's summary and divergences. */
  explanation?: string;
  /** Rows per side before the middle is elided (default 150). */
  maxRows?: number;
}

const EXPLAIN_MAX_LINES = 40;

const EXPECTED_H: Record<ExpectedRow['kind'], number> = {
  phase: 24,
  'frame-open': 22,
  'frame-separator': 12,
  'frame-close': 8,
  message: 32,
  never: 32,
  elided: 26,
};
const OBSERVED_H: Record<ObservedRow['kind'], number> = { message: 32, 'bad-frame': 32, note: 24, missing: 32, elided: 26 };

export function renderSequenceDiagram(input: SequenceDiagramInput): string {
  const { model, variant, result, trace } = input;
  const maxRows = input.maxRows ?? 150;
  const exp = expectedRows(model, variant, maxRows);
  const obsLifelines = observedLifelines(model, result, trace);
  const obs = observedRows(trace, result, obsLifelines, maxRows);

  // Expected lifelines: the model's participants, then for-each variables standing for several.
  const boundNames = (id: string) => Array.from(new Set(result.instances.map((i) => i.participants[id]).filter((n) => n !== undefined)));
  const expLines = [
    ...Object.values(model.participants).map((p) => ({ ref: p.id, sub: boundNames(p.id).join(', ') || p.role })),
    ...exp.variables.map((v) => ({ ref: v.ref, sub: `each of ${v.list}` })),
  ];
  const expIndex = new Map(expLines.map((l, i) => [l.ref, i]));
  const obsIndex = new Map(obsLifelines.map((l, i) => [l.name, i]));

  const expX = PAD;
  const expW = Math.max(1, expLines.length) * COL;
  const obsX = expX + expW + GUTTER;
  const obsW = Math.max(1, obsLifelines.length) * COL;
  const width = Math.max(760, obsX + TIME_W + obsW + PAD);
  const laneX = (panelX: number, i: number) => panelX + COL * (i + 0.5);
  const rowsTop = TOP + 22 + HEAD_H + 10;

  // Statuses of model steps, over every instance.
  const matchedSteps = new Set<string>();
  const divergentSteps = new Set<string>();
  const doubtfulSteps = new Set<string>();
  for (const inst of result.instances) {
    for (const m of inst.matched) matchedSteps.add(m.step.id);
    if (inst.divergence?.step) divergentSteps.add(inst.divergence.step.id);
    if (inst.doubt) doubtfulSteps.add(inst.doubt.step.id);
  }

  const body: string[] = [];
  const expY = new Map<string, number>();
  const obsY = new Map<number, number>();
  const missingY: number[] = [];

  // ---- expected side
  const eTops: number[] = [];
  let y = rowsTop;
  for (const r of exp.rows) {
    eTops.push(y);
    y += EXPECTED_H[r.kind];
  }
  const expBottom = y;
  const eEnd = (i: number) => eTops[i] + EXPECTED_H[exp.rows[i].kind];
  exp.bands.forEach((b, i) => {
    body.push(
      el('g', { class: 'phase', 'data-phase': b.phase }, [
        el('rect', { x: expX, y: eTops[b.start], width: expW, height: eEnd(b.end) - eTops[b.start], fill: i % 2 ? '#f6f8fa' : '#eef4fb' }),
        text(expX + 6, eTops[b.start] + 16, truncate(b.title, Math.floor(expW / 7)), { 'font-weight': 'bold', fill: '#424a53' }),
      ].join('')),
    );
  });
  const lifelineBottom = Math.max(expBottom, rowsTop + obs.reduce((h, r) => h + observedHeight(r), 0)) + 8;
  expLines.forEach((l, i) => body.push(lifeline('expected', l.ref, l.sub, laneX(expX, i), lifelineBottom)));
  exp.frames.forEach((f) => {
    const inset = 6 + f.depth * 8;
    const fx = expX + inset;
    const fy = eTops[f.start] + 2;
    const tagW = Math.min(expW - 2 * inset, 14 + f.label.length * 6.4);
    body.push(
      el('g', { class: 'frame', 'data-frame': f.label }, [
        el('rect', { x: fx, y: fy, width: expW - 2 * inset, height: eEnd(f.end) - fy - 1, fill: 'none', stroke: '#6e7781', 'stroke-width': 1 }),
        el('path', { d: `M${round(fx)} ${round(fy)} h${round(tagW)} v10 l-6 7 h${round(-tagW + 6)} z`, fill: '#ffffff', stroke: '#6e7781' }),
        text(fx + 4, fy + 13, truncate(f.label, Math.floor((expW - 2 * inset) / 6.4)), { 'font-size': 11, fill: '#24292f' }),
      ].join('')),
    );
  });
  exp.rows.forEach((r, i) => {
    const top = eTops[i];
    if (r.kind === 'frame-separator') {
      const f = exp.frames[r.frame];
      const inset = 6 + f.depth * 8;
      body.push(el('line', { x1: expX + inset, y1: top + 6, x2: expX + expW - inset, y2: top + 6, stroke: '#6e7781', 'stroke-dasharray': '6 4' }));
    } else if (r.kind === 'elided') {
      body.push(elided('expected', expX, expW, top, `⋯ ${r.count} more steps not shown ⋯`));
    } else if (r.kind === 'message' || r.kind === 'never') {
      const status = divergentSteps.has(r.stepId) ? 'divergent' : doubtfulSteps.has(r.stepId) ? 'doubtful' : matchedSteps.has(r.stepId) ? 'matched' : 'unmatched';
      const colour = status === 'divergent' ? RED : status === 'doubtful' ? LAG : r.kind === 'never' ? MUTED : (PROTOCOL_COLOURS[r.protocol] ?? OTHER);
      const x1 = laneX(expX, expIndex.get(r.from) ?? 0);
      const x2 = laneX(expX, expIndex.get(r.to) ?? 0);
      const label = `${status === 'divergent' ? '✗ ' : status === 'doubtful' ? '? ' : ''}${r.kind === 'never' ? 'never ' : ''}${r.message}`;
      expY.set(r.stepId, top + 22);
      body.push(
        el('g', { class: 'step', 'data-step': r.stepId, 'data-status': status, opacity: status === 'unmatched' ? 0.6 : undefined }, [
          title(r.tooltip),
          status === 'divergent' || status === 'doubtful' ? el('rect', { x: expX + 1, y: top + 2, width: expW - 2, height: 28, fill: status === 'divergent' ? '#ffebe9' : LAG_BG }) : '',
          messageLabel(x1, x2, top + 15, label, r.detail, colour, status === 'divergent'),
          arrow(x1, x2, top + 22, colour, { dashed: r.kind === 'never', width: status === 'divergent' ? 2.6 : 1.4 }),
        ].join('')),
      );
    }
  });

  // ---- observed side
  y = rowsTop;
  // Drawn last, over everything: a panel opens on top of the rows below its message.
  const rawPanels: string[] = [];
  let rawBottom = 0;
  const timed: Array<{ t: number; top: number; bottom: number }> = [];
  for (const r of obs) {
    const top = y;
    y += observedHeight(r);
    if ('t' in r) timed.push({ t: r.t, top, bottom: y });
    if (r.kind === 'elided') {
      body.push(elided('observed', obsX + TIME_W, obsW, top, `⋯ ${r.count} entries not shown (seq ${r.fromSeq}–${r.toSeq}) ⋯`));
      continue;
    }
    if (r.kind === 'missing') {
      missingY.push(top + 16);
      body.push(
        el('g', { class: 'missing divergence', 'data-step': r.stepId }, [
          el('rect', { x: obsX + TIME_W + 1, y: top + 3, width: obsW - 2, height: 26, fill: '#ffebe9', stroke: RED, 'stroke-dasharray': '5 3' }),
          text(obsX + TIME_W + 8, top + 20, truncate(`✗ missing: ${r.expected}`, Math.floor(obsW / 6.6)), { fill: RED, 'font-weight': 'bold' }),
        ].join('')),
      );
      continue;
    }
    body.push(text(obsX + TIME_W - 6, top + 20, formatMs(r.t), { 'text-anchor': 'end', 'font-size': 10, fill: MUTED }));
    if (r.kind === 'note') {
      const i = r.participant !== undefined ? obsIndex.get(r.participant) : undefined;
      const cx = i !== undefined ? laneX(obsX + TIME_W, i) : obsX + TIME_W + obsW / 2;
      const lag = r.noteKind === 'lag';
      const label = truncate(`⚑ ${r.text}`, i !== undefined ? 26 : Math.floor(obsW / 6.6));
      const w = Math.min(i !== undefined ? COL - 12 : obsW - 12, 12 + label.length * 6.2);
      const [fill, stroke] = r.noteKind === 'error' ? ['#ffebe9', RED] : lag ? [LAG_BG, LAG] : ['#fff8c5', '#d4a72c'];
      body.push(
        el('g', { class: 'note', 'data-seq': r.seq, 'data-kind': r.noteKind }, [
          title(`seq ${r.seq}: ${r.text}`),
          el('rect', { x: cx - w / 2, y: top + 4, width: w, height: 17, rx: 3, fill, stroke }),
          text(cx, top + 16, label, { 'text-anchor': 'middle', 'font-size': 11, fill: lag ? LAG : '#24292f' }),
        ].join('')),
      );
      continue;
    }
    obsY.set(r.seq, top + 22);
    const x1 = laneX(obsX + TIME_W, obsIndex.get(r.from) ?? 0);
    const x2 = laneX(obsX + TIME_W, obsIndex.get(r.to) ?? 0);
    if (r.kind === 'bad-frame') {
      body.push(
        el('g', { class: 'message bad-frame', 'data-seq': r.seq, 'data-status': r.divergent ? 'divergent' : 'other' }, [
          title(r.tooltip),
          messageLabel(x1, x2, top + 15, `${r.seq} bad frame (${r.size} bytes)`, '', RED, true),
          arrow(x1, x2, top + 22, RED, { dashed: true }),
        ].join('')),
      );
      continue;
    }
    const marked = r.status === 'divergent' || r.status === 'doubtful';
    const colour = r.status === 'divergent' ? RED : r.status === 'doubtful' ? LAG : (PROTOCOL_COLOURS[r.protocol] ?? OTHER);
    const label = `${r.status === 'divergent' ? '✗ ' : r.status === 'doubtful' ? '? ' : ''}${r.seq} ${r.message}${r.errors ? ` ⚠${r.errors}` : ''}`;
    body.push(
      el('g', { class: 'message', 'data-seq': r.seq, 'data-status': r.status, opacity: r.status === 'other' ? 0.55 : undefined }, [
        title(r.tooltip),
        marked ? el('rect', { x: obsX + TIME_W + 1, y: top + 2, width: obsW - 2, height: observedHeight(r) - 4, fill: r.status === 'divergent' ? '#ffebe9' : LAG_BG }) : '',
        r.raw !== undefined ? linkToRaw(r.seq, messageLabel(x1, x2, top + 15, label, '', colour, marked)) : messageLabel(x1, x2, top + 15, label, '', colour, marked),
        arrow(x1, x2, top + 22, colour, { width: marked ? 2.6 : 1.4 }),
        r.reason ? text(Math.min(x1, x2), top + 37, truncate(r.reason, Math.floor((obsW - (Math.min(x1, x2) - obsX - TIME_W)) / 6)), { class: 'reason', fill: colour, 'font-size': 11 }) : '',
      ].join('')),
    );
    if (r.raw !== undefined) {
      const panel = rawFramePanel(r.seq, r.raw, obsX + TIME_W, top + 30, obsW);
      rawPanels.push(panel.svg);
      rawBottom = Math.max(rawBottom, panel.bottom);
    }
  }
  body.push(...lagBars(obs, timed, obsX + 3));
  obsLifelines.forEach((l, i) =>
    body.push(lifeline('observed', l.name, l.modelIds.length ? l.modelIds.join(', ') : (l.role ?? ''), laneX(obsX + TIME_W, i), lifelineBottom)),
  );

  // ---- links between a step and the message that matched it, and the divergence's
  const links: string[] = [];
  const ex = expX + expW;
  const ox = obsX + TIME_W;
  // Links end where the time column starts, so they never cross the time labels.
  const link = (y1: number, y2: number, attrs: Record<string, string | number | undefined>, colour: string, w: number) =>
    el('path', { d: `M${ex} ${round(y1)} C${round(ex + GUTTER / 2)} ${round(y1)} ${round(obsX - GUTTER / 2)} ${round(y2)} ${obsX} ${round(y2)}`, fill: 'none', stroke: colour, 'stroke-width': w, 'stroke-dasharray': '3 3', ...attrs });
  for (const inst of result.instances) {
    for (const m of inst.matched) {
      const y1 = expY.get(m.step.id);
      const y2 = obsY.get(m.seq);
      const doubtful = inst.doubt?.observed.seq === m.seq;
      if (y1 !== undefined && y2 !== undefined) links.push(link(y1, y2, { class: doubtful ? 'link doubt-link' : 'link', 'data-step': m.step.id, 'data-seq': m.seq }, doubtful ? LAG : MUTED, doubtful ? 1.8 : 1));
    }
    const d = inst.divergence;
    const y1 = d?.step ? expY.get(d.step.id) : undefined;
    if (!d || y1 === undefined) continue;
    const y2 = d.observed ? obsY.get(d.observed.seq) : missingY.shift();
    if (y2 !== undefined) links.push(link(y1, y2, { class: 'link divergence-link', 'data-step': d.step?.id, 'data-seq': d.observed?.seq }, RED, 1.8));
  }

  // ---- header, explanation
  const v = model.variants[variant];
  const heading = `${model.name} — ${v?.title ?? variant}`;
  const verdictColour = VERDICT_COLOURS[result.verdict] ?? OTHER;
  const usedProtocols = Array.from(new Set([...exp.rows.flatMap((r) => ('protocol' in r ? [r.protocol] : [])), ...obs.flatMap((r) => (r.kind === 'message' ? [r.protocol] : []))]));
  let lx = PAD;
  const legend = usedProtocols.map((p) => {
    const label = truncate(p, 24);
    const g = el('g', { class: 'legend' }, el('rect', { x: lx, y: 34, width: 12, height: 4, fill: PROTOCOL_COLOURS[p] ?? OTHER }) + text(lx + 16, 40, label, { 'font-size': 11 }));
    lx += 36 + label.length * 6.2;
    return g;
  });
  const head = [
    text(PAD, 22, truncate(heading, Math.floor((width - 140) / 8)), { 'font-size': 15, 'font-weight': 'bold' }),
    el('g', { class: 'verdict', 'data-verdict': result.verdict }, text(width - PAD, 22, result.verdict.toUpperCase(), { 'text-anchor': 'end', 'font-size': 15, 'font-weight': 'bold', fill: verdictColour })),
    ...legend,
    text(expX, TOP + 14, 'Expected', { 'font-weight': 'bold', fill: '#424a53' }),
    text(expX + 64, TOP + 14, truncate(`${model.file} · variant ${variant}`, Math.floor((expW - 64) / 6.5)), { fill: MUTED, 'font-size': 11 }),
    text(ox, TOP + 14, 'Observed', { 'font-weight': 'bold', fill: '#424a53' }),
    text(ox + 64, TOP + 14, truncate(`${trace.source?.split(/[\\/]/).pop() ?? 'trace'} · ${result.stats.messages} messages`, Math.floor((obsW - 64) / 6.5)), { fill: MUTED, 'font-size': 11 }),
  ];

  const explanationLines = explanationOf(input);
  let height = lifelineBottom + PAD;
  let explainBox = '';
  if (explanationLines.length > 0) {
    const chars = Math.floor((width - 2 * PAD - 16) / 7.2);
    let lines = explanationLines.flatMap((l) => wrap(l, chars));
    if (lines.length > EXPLAIN_MAX_LINES) lines = [...lines.slice(0, EXPLAIN_MAX_LINES - 1), `… ${lines.length - EXPLAIN_MAX_LINES + 1} more lines`];
    const boxH = 12 + lines.length * 16;
    const colour = result.verdict === 'pass' ? MUTED : verdictColour;
    explainBox = el('g', { class: 'explanation' }, [
      el('rect', { x: PAD, y: height, width: width - 2 * PAD, height: boxH, fill: result.verdict === 'pass' ? '#f6f8fa' : '#fff5f5', stroke: colour }),
      ...lines.map((l, i) => text(PAD + 8, height + 20 + i * 16, l, { 'font-family': 'ui-monospace, Menlo, Consolas, monospace', 'font-size': 12, fill: i === 0 ? colour : '#24292f', 'xml:space': 'preserve' })),
    ].join(''));
    height += boxH + PAD;
  }
  height = Math.max(height, rawBottom + PAD);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" font-family="Helvetica, Arial, sans-serif" font-size="12" class="flowcert-sequence" data-verdict="${esc(result.verdict)}">`,
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    ...head,
    ...body,
    ...links,
    explainBox,
    ...(rawPanels.length > 0 ? [RAW_PANEL_STYLE, ...rawPanels] : []),
    '</svg>',
  ].join('\n');
}

function observedHeight(r: ObservedRow): number {
  return r.kind === 'message' && r.reason ? 46 : OBSERVED_H[r.kind];
}

/**
 * For each lag row, a bar in the time column over the stretch the lag note covers: rows are not drawn
 * to scale, so a time maps to a height by interpolating between the rows around it. Only the lag rows
 * shown get a bar: the others were too small to matter.
 */
function lagBars(obs: readonly ObservedRow[], timed: ReadonlyArray<{ t: number; top: number; bottom: number }>, x: number): string[] {
  const at = (t: number): number => {
    if (timed.length === 0) return 0;
    if (t <= timed[0].t) return timed[0].top;
    for (let i = 1; i < timed.length; i++) {
      const a = timed[i - 1];
      const b = timed[i];
      if (t > b.t) continue;
      const ya = (a.top + a.bottom) / 2;
      const yb = (b.top + b.bottom) / 2;
      return b.t === a.t ? yb : ya + ((t - a.t) / (b.t - a.t)) * (yb - ya);
    }
    return timed[timed.length - 1].bottom;
  };
  const out: string[] = [];
  for (const r of obs) {
    if (r.kind !== 'note' || r.noteKind !== 'lag' || !r.span) continue;
    const y1 = at(r.span.from);
    const y2 = Math.max(y1 + 4, at(r.span.to));
    out.push(el('rect', { class: 'lag-bar', 'data-seq': r.seq, x, y: y1, width: 6, height: y2 - y1, rx: 2, fill: LAG, opacity: 0.8 }, title(`seq ${r.seq}: ${r.text}`)));
  }
  return out;
}

function explanationOf(input: SequenceDiagramInput): string[] {
  if (input.explanation !== undefined) return input.explanation.split('\n').filter((l, i, a) => l.trim() !== '' || (i > 0 && i < a.length - 1));
  const r = input.result;
  if (r.verdict === 'pass') return [];
  const lines = [r.summary];
  for (const inst of r.instances) {
    const d = inst.divergence;
    if (!d) continue;
    lines.push(`${d.kind}: expected ${d.expected}${d.observed ? `; observed seq ${d.observed.seq} ${d.observed.from} → ${d.observed.to} ${d.observed.message}` : ''}`);
    for (const diff of d.diffs ?? []) lines.push(`  ${diff.path}: expected ${diff.expected}, got ${diff.actual}`);
    if (d.detail) lines.push(`  ${d.detail}`);
  }
  return lines;
}
