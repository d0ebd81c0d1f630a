import type { TraceEntry } from '../trace/types.ts';
import type { InstanceResult, TraceProblem } from './result.ts';

/** Bad frames and catalog errors between participants the result bound, outside every matched step. */
export function traceProblems(entries: Iterable<TraceEntry>, instances: readonly InstanceResult[], pinned: Record<string, string>): TraceProblem[] {
  const bound = new Set(Object.values(pinned));
  const matched = new Set<number>();
  for (const r of instances) {
    for (const n of Object.values(r.participants)) bound.add(n);
    for (const m of r.matched) matched.add(m.seq);
  }
  const out: TraceProblem[] = [];
  for (const e of entries) {
    if (e.type === 'note' || !bound.has(e.from) || !bound.has(e.to)) continue;
    if (e.type === 'message' && matched.has(e.seq)) continue;
    const violations = (e.violations ?? []).filter((v) => v.severity === 'error');
    if (e.type === 'bad-frame') out.push({ seq: e.seq, from: e.from, to: e.to, violations });
    else if (violations.length > 0) out.push({ seq: e.seq, from: e.from, to: e.to, message: e.message, violations });
  }
  return out;
}
