import type { AttrMatcher, FlowModel, MessagePattern, Step, WindowSpec } from '../flow/model.ts';

/**
 * The expected side of a sequence diagram: a variant's steps flattened into rows, top to bottom,
 * with the structure (any order, one of, optional, repeat, for each) kept as frames around rows, as
 * UML combined fragments do, and each phase as a band.
 */
export type ExpectedRow =
  | { kind: 'phase'; phase: string; title: string }
  | { kind: 'frame-open'; frame: number }
  | { kind: 'frame-separator'; frame: number }
  | { kind: 'frame-close'; frame: number }
  | {
      kind: 'message' | 'never';
      stepId: string;
      from: string;
      to: string;
      message: string;
      protocol: string;
      /** Short attribute summary, for the label. */
      detail: string;
      /** Every matcher and the step's YAML position, for the tooltip. */
      tooltip: string;
    }
  | { kind: 'elided'; count: number };

export interface ExpectedFrame {
  label: string;
  depth: number;
  /** Row indexes, inclusive; set when the frame is closed. */
  start: number;
  end: number;
}

export interface ExpectedBand {
  phase: string;
  title: string;
  start: number;
  end: number;
}

export interface ExpectedLayout {
  rows: ExpectedRow[];
  frames: ExpectedFrame[];
  bands: ExpectedBand[];
  /** Participant refs used by steps that are not model participants: for-each variables (`$srv`). */
  variables: Array<{ ref: string; list: string }>;
}

export function expectedRows(model: FlowModel, variant: string, maxRows: number): ExpectedLayout {
  const rows: ExpectedRow[] = [];
  const frames: ExpectedFrame[] = [];
  const bands: ExpectedBand[] = [];
  const variables = new Map<string, string>();

  const noteVar = (ref: string, list: string) => {
    if (ref.startsWith('$') && !variables.has(ref)) variables.set(ref, list);
  };
  const open = (label: string, depth: number): number => {
    frames.push({ label, depth, start: rows.length, end: rows.length });
    rows.push({ kind: 'frame-open', frame: frames.length - 1 });
    return frames.length - 1;
  };
  const close = (f: number) => {
    rows.push({ kind: 'frame-close', frame: f });
    frames[f].end = rows.length - 1;
  };

  const walk = (step: Step, depth: number, list: string): void => {
    switch (step.kind) {
      case 'message':
        rows.push(messageRow('message', step.id, step, step.loc, timingDetail(step.timing), list));
        return;
      case 'never':
        rows.push(messageRow('never', step.id, step.pattern, step.loc, windowDetail(step.window), list));
        return;
      case 'sequence':
        for (const s of step.steps) walk(s, depth, list);
        return;
      case 'any-order': {
        const f = open('any order', depth);
        for (const s of step.steps) walk(s, depth + 1, list);
        close(f);
        return;
      }
      case 'one-of': {
        const f = open('one of', depth);
        step.alternatives.forEach((alt, i) => {
          if (i > 0) rows.push({ kind: 'frame-separator', frame: f });
          walk(alt, depth + 1, list);
        });
        close(f);
        return;
      }
      case 'optional': {
        const f = open('optional', depth);
        walk(step.body, depth + 1, list);
        close(f);
        return;
      }
      case 'repeat': {
        const range = step.min === step.max ? `×${step.min}` : `${step.min}..${step.max ?? '∞'}`;
        const f = open(`repeat ${range}`, depth);
        walk(step.body, depth + 1, list);
        close(f);
        return;
      }
      case 'for-each': {
        const f = open(`for each $${step.variable} in ${step.in}${step.order === 'any' ? ' (any order)' : ''}`, depth);
        walk(step.body, depth + 1, step.in);
        close(f);
        return;
      }
    }
  };

  const messageRow = (
    kind: 'message' | 'never',
    stepId: string,
    p: MessagePattern,
    loc: { file: string; line: number; col: number },
    extra: string,
    list: string,
  ): ExpectedRow => {
    noteVar(p.from, list);
    noteVar(p.to, list);
    const attrs = Object.entries(p.attributes).map(([k, m]) => `${k}: ${describe(m)}`);
    const detail = [attrs.slice(0, 2).join(', ') + (attrs.length > 2 ? ', …' : ''), extra].filter((x) => x !== '').join(' · ');
    const tooltip = [
      `${kind === 'never' ? 'never: ' : ''}${p.from} → ${p.to} ${p.message} (${p.protocol})`,
      `step ${stepId} at ${loc.file}:${loc.line}:${loc.col}`,
      ...attrs.map((a) => `  ${a}`),
      ...(p.referenceId ? [`  referenceId: ${describe(p.referenceId)}`] : []),
      ...(extra ? [extra] : []),
    ].join('\n');
    return { kind, stepId, from: p.from, to: p.to, message: p.message, protocol: p.protocol, detail, tooltip };
  };

  const v = model.variants[variant];
  const phaseIds = v ? v.phases : Object.keys(model.phases);
  for (const id of phaseIds) {
    const phase = model.phases[id];
    if (!phase) continue;
    const start = rows.length;
    rows.push({ kind: 'phase', phase: id, title: phase.title });
    walk(phase.body, 0, '');
    bands.push({ phase: id, title: phase.title, start, end: rows.length - 1 });
  }

  return cap({ rows, frames, bands, variables: Array.from(variables, ([ref, list]) => ({ ref, list })) }, maxRows);
}

/** Keeps the first maxRows rows; frames and bands that ran past the cut end at it. */
function cap(layout: ExpectedLayout, maxRows: number): ExpectedLayout {
  const { rows } = layout;
  if (rows.length <= maxRows) return layout;
  const keep = Math.max(1, maxRows - 1);
  const hidden = rows.slice(keep).filter((r) => r.kind === 'message' || r.kind === 'never').length;
  const kept: ExpectedRow[] = rows.slice(0, keep);
  kept.push({ kind: 'elided', count: hidden });
  const last = kept.length - 1;
  const frames = layout.frames.map((f) => ({ ...f, end: Math.min(f.end, last) })).filter((f) => f.start <= last);
  const bands = layout.bands.map((b) => ({ ...b, end: Math.min(b.end, last) })).filter((b) => b.start <= last);
  return { ...layout, rows: kept, frames, bands };
}

function describe(m: AttrMatcher): string {
  switch (m.kind) {
    case 'exact':
      return JSON.stringify(m.value) ?? 'null';
    case 'any':
      return 'any';
    case 'absent':
      return 'absent';
    case 'regex':
      return `/${m.source}/${m.flags}`;
    case 'one-of':
      return `one of ${m.values.map((x) => JSON.stringify(x)).join(', ')}`;
    case 'range':
      return m.min !== undefined && m.max !== undefined ? `${m.min}..${m.max}` : m.min !== undefined ? `≥ ${m.min}` : `≤ ${m.max}`;
    case 'kv':
      return `{ ${Object.entries(m.fields).map(([k, f]) => `${k}: ${describe(f)}`).join(', ')} }${m.exact ? ' (exact)' : ''}`;
    case 'capture':
      return `$${m.name}${m.then ? ` ${describe(m.then)}` : ''}`;
  }
}

function timingDetail(t: { within?: number; after?: { timer: string; since: string }; before?: { timer: string; since: string } } | undefined): string {
  if (!t) return '';
  const parts: string[] = [];
  if (t.within !== undefined) parts.push(`within ${t.within} ms`);
  if (t.after) parts.push(`after timer ${t.after.timer} since ${t.after.since}`);
  if (t.before) parts.push(`before timer ${t.before.timer} since ${t.before.since}`);
  return parts.join(', ');
}

function windowDetail(w: WindowSpec): string {
  switch (w.kind) {
    case 'ms':
      return `for ${w.ms} ms`;
    case 'timer':
      return `until timer ${w.timer} + ${w.margin === undefined ? 'its tolerance (10%, at least 100 ms)' : `${w.margin} ms`}`;
    case 'until-end':
      return 'until the end';
  }
}
