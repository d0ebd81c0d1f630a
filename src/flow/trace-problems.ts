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
  const look = (e: TraceEntry): void => {
    // Most messages break nothing: they are passed over before the lookups.
    if (e.type === 'note' || (e.type === 'message' && (e.violations === undefined || e.violations.length === 0))) return;
    if (!bound.has(e.from) || !bound.has(e.to)) return;
    if (e.type === 'message' && matched.has(e.seq)) return;
    const violations = (e.violations ?? []).filter((v) => v.severity === 'error');
    if (e.type === 'bad-frame') out.push({ seq: e.seq, from: e.from, to: e.to, violations });
    else if (violations.length > 0) out.push({ seq: e.seq, from: e.from, to: e.to, message: e.message, violations });
  };
  // Indexed where it can be: over a whole trace in memory, a for-of allocates per entry.
  if (Array.isArray(entries)) for (let i = 0; i < entries.length; i++) look(entries[i] as TraceEntry);
  else for (const e of entries) look(e);
  return out;
}
