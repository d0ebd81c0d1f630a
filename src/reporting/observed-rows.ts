import type { FlowModel } from '../flow/model.ts';
import type { Divergence, MatchResult, ObservedRef } from '../flow/result.ts';
import type { Trace, TraceEntry } from '../trace/types.ts';

/**
 * The observed side of a sequence diagram: the trace's messages between the model's participants, in
 * seq order (time downwards), each marked matched, divergent or merely seen; long traces keep their
 * head, their tail and the neighbourhood of every divergence, and say how much was left out.
 */
export interface ObservedLifeline {
  name: string;
  role?: string;
  /** Model participant ids bound to this trace participant. */
  modelIds: string[];
}

export type ObservedRow =
  | (ObservedRef & {
      kind: 'message';
      /** `doubtful`: matched, or forbidden, at a time only the run's lag excuses (the instance is inconc). */
      status: 'matched' | 'divergent' | 'doubtful' | 'other';
      /** For a divergent or doubtful message: why, in a few words (`TicketId 8, expected $ticket (= 7)`). */
      reason?: string;
      /** Catalog violations of severity error. */
      errors: number;
      tooltip: string;
      /** The frame as it was on the wire, when the trace kept it (the IVR Server's XML): one click away in the diagram. */
      raw?: string;
    })
  | { kind: 'bad-frame'; seq: number; t: number; from: string; to: string; size: number; divergent: boolean; tooltip: string }
  /** `span`: for a lag note, the stretch of trace time it covers. */
  | { kind: 'note'; seq: number; t: number; participant?: string; text: string; noteKind: string; span?: { from: number; to: number } }
  /** Where a step that never came was expected (a `missing` divergence has no observed message). */
  | { kind: 'missing'; afterSeq: number | null; expected: string; stepId?: string }
  | { kind: 'elided'; count: number; fromSeq: number; toSeq: number };

const SHOWN_NOTES = new Set(['stimulus', 'timer', 'error']);
/**
 * Lag notes shown as rows: a lag of at least this much, or one that excused a timing miss. Smaller lag
 * is common under load and would bury the messages; it changes no verdict unless a doubt names it.
 */
export const LAG_SHOWN_MS = 50;
const TOOLTIP_MAX = 600;

export function observedLifelines(model: FlowModel, result: MatchResult, trace: Trace): ObservedLifeline[] {
  const out: ObservedLifeline[] = [];
  const byName = new Map<string, ObservedLifeline>();
  const roleOf = new Map(trace.header.participants.map((p) => [p.name, p.role as string]));
  const add = (name: string, modelId?: string) => {
    let l = byName.get(name);
    if (!l) {
      l = { name, role: roleOf.get(name), modelIds: [] };
      byName.set(name, l);
      out.push(l);
    }
    if (modelId && !l.modelIds.includes(modelId)) l.modelIds.push(modelId);
  };
  for (const id of Object.keys(model.participants)) {
    for (const inst of result.instances) {
      const name = inst.participants[id];
      if (name !== undefined) add(name, id);
    }
  }
  // Participants bound through for-each variables are not in the instance map: take every trace
  // participant playing one of the model's roles.
  const roles = new Set<string>([
    ...Object.values(model.participants).map((p) => p.role as string),
    ...Object.values(model.params).flatMap((p) => (p.role ? [p.role as string] : [])),
  ]);
  for (const p of trace.header.participants) if (roles.has(p.role)) add(p.name);
  if (out.length === 0) {
    for (const e of trace.entries) {
      if (e.type === 'note') continue;
      add(e.from);
      add(e.to);
    }
  }
  return out;
}

export function observedRows(trace: Trace, result: MatchResult, lifelines: ObservedLifeline[], maxRows: number): ObservedRow[] {
  const names = new Set(lifelines.map((l) => l.name));
  const matched = new Set<number>();
  const divergent = new Map<number, string>();
  const missing: Divergence[] = [];
  for (const inst of result.instances) {
    for (const m of inst.matched) matched.add(m.seq);
    const d = inst.divergence;
    if (!d) continue;
    if (d.observed) divergent.set(d.observed.seq, reasonOf(d));
    else missing.push(d);
  }
  for (const p of result.problems) if (!divergent.has(p.seq)) divergent.set(p.seq, p.violations[0]?.message ?? 'protocol violation');
  const doubtful = new Map<number, string>();
  const excusing = new Set<string>();
  for (const inst of result.instances) {
    if (!inst.doubt) continue;
    if (!divergent.has(inst.doubt.observed.seq)) doubtful.set(inst.doubt.observed.seq, inst.doubt.reason);
    excusing.add(lagKey(inst.doubt.lag.source, inst.doubt.lag.from, inst.doubt.lag.to));
  }

  const rows: ObservedRow[] = [];
  const placeMissing = (afterSeq: number | null) => {
    for (const d of missing) {
      if ((d.after?.seq ?? null) === afterSeq) rows.push({ kind: 'missing', afterSeq, expected: d.expected, stepId: d.step?.id });
    }
  };
  placeMissing(null);
  for (const e of trace.entries) {
    const row = toRow(e, names, matched, divergent, doubtful, excusing);
    if (row) rows.push(row);
    placeMissing(e.seq);
  }
  // A divergence after a seq that is not in the trace (a filtered trace): still show it, at the end.
  const placed = new Set(rows.filter((r) => r.kind === 'missing').map((r) => (r as { afterSeq: number | null }).afterSeq));
  for (const d of missing) {
    const a = d.after?.seq ?? null;
    if (!placed.has(a)) rows.push({ kind: 'missing', afterSeq: a, expected: d.expected, stepId: d.step?.id });
  }
  return elide(rows, maxRows);
}

function lagKey(source: unknown, from: unknown, to: unknown): string {
  return `${String(source ?? 'harness')}@${String(from)}-${String(to)}`;
}

function toRow(e: TraceEntry, names: Set<string>, matched: Set<number>, divergent: Map<number, string>, doubtful: Map<number, string>, excusing: Set<string>): ObservedRow | undefined {
  if (e.type === 'message') {
    if (!names.has(e.from) || !names.has(e.to)) return undefined;
    const errors = e.violations.filter((v) => v.severity === 'error');
    const status = divergent.has(e.seq) ? 'divergent' : doubtful.has(e.seq) ? 'doubtful' : matched.has(e.seq) ? 'matched' : 'other';
    const attrs = clip(JSON.stringify(e.attributes, null, 1) ?? '{}', TOOLTIP_MAX);
    const tooltip = [
      `seq ${e.seq} at ${e.t} ms: ${e.from} → ${e.to} ${e.message}${e.alias ? ` (sent as ${e.alias})` : ''} (${e.protocol})`,
      ...(e.referenceId !== undefined ? [`referenceId ${e.referenceId}`] : []),
      attrs,
      ...errors.map((v) => `violation ${v.code}: ${v.message}`),
    ].join('\n');
    const reason = divergent.get(e.seq) ?? doubtful.get(e.seq);
    return { kind: 'message', seq: e.seq, t: e.t, from: e.from, to: e.to, protocol: e.protocol, message: e.message, status, ...(reason ? { reason } : {}), errors: errors.length, tooltip, ...(e.raw !== undefined ? { raw: e.raw } : {}) };
  }
  if (e.type === 'bad-frame') {
    if (!names.has(e.from) || !names.has(e.to)) return undefined;
    const tooltip = [`seq ${e.seq}: bad frame, ${e.size} bytes`, clip(e.raw, TOOLTIP_MAX), ...e.violations.map((v) => `${v.code}: ${v.message}`)].join('\n');
    return { kind: 'bad-frame', seq: e.seq, t: e.t, from: e.from, to: e.to, size: e.size, divergent: divergent.has(e.seq), tooltip };
  }
  if (e.kind === 'lag') {
    const d = e.data ?? {};
    if (!(Number(d.lag) >= LAG_SHOWN_MS || excusing.has(lagKey(d.source, d.from, d.to)))) return undefined;
  } else if (!SHOWN_NOTES.has(e.kind)) return undefined;
  const participant = e.participant !== undefined && names.has(e.participant) ? e.participant : undefined;
  const from = e.data?.from;
  const to = e.data?.to;
  const span = e.kind === 'lag' && typeof from === 'number' && typeof to === 'number' ? { span: { from, to } } : {};
  return { kind: 'note', seq: e.seq, t: e.t, participant, text: e.text, noteKind: e.kind, ...span };
}

/**
 * Keeps at most about maxRows rows: the first 40 %, the last 30 %, and three rows either side of
 * every divergent or missing row; each run of dropped rows becomes one `elided` row.
 */
export function elide(rows: ObservedRow[], maxRows: number): ObservedRow[] {
  if (rows.length <= maxRows) return rows;
  const keep = new Uint8Array(rows.length);
  const head = Math.floor(maxRows * 0.4);
  const tail = Math.floor(maxRows * 0.3);
  for (let i = 0; i < head; i++) keep[i] = 1;
  for (let i = rows.length - tail; i < rows.length; i++) keep[i] = 1;
  let budget = maxRows - head - tail;
  rows.forEach((r, i) => {
    const important = r.kind === 'missing' || (r.kind === 'message' && (r.status === 'divergent' || r.status === 'doubtful')) || (r.kind === 'bad-frame' && r.divergent);
    if (!important) return;
    for (let j = Math.max(0, i - 3); j <= Math.min(rows.length - 1, i + 3) && budget > 0; j++) {
      if (!keep[j]) {
        keep[j] = 1;
        budget--;
      }
    }
    keep[i] = 1;
  });
  const out: ObservedRow[] = [];
  let run: ObservedRow[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const seqs = run.flatMap((r) => ('seq' in r ? [r.seq] : []));
    out.push({ kind: 'elided', count: run.length, fromSeq: seqs[0] ?? 0, toSeq: seqs[seqs.length - 1] ?? 0 });
    run = [];
  };
  rows.forEach((r, i) => {
    if (keep[i]) {
      flush();
      out.push(r);
    } else run.push(r);
  });
  flush();
  return out;
}

function reasonOf(d: Divergence): string {
  const diff = d.diffs?.[0];
  if (diff) return `${diff.path} ${diff.actual}, expected ${diff.expected}${d.diffs!.length > 1 ? ` (+${d.diffs!.length - 1} more)` : ''}`;
  const v = d.violations?.find((x) => x.severity === 'error');
  if (v) return v.message;
  return d.kind === 'timing' && d.detail ? d.detail : d.kind;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max) + `… (${s.length - max} more characters)`;
}
