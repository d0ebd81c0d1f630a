import type { Trace } from '../trace/types.ts';

/** Timer values a run set, from its `timer` notes (`data: { name, ms }`), the last one of each name winning. */
export function recordedTimers(trace: Trace): Record<string, number> {
  const out: Record<string, number> = {};
  // Indexed: run once over a whole trace, a for-of is not optimized in time and allocates per entry.
  const entries = trace.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'note' || e.kind !== 'timer' || !e.data) continue;
    const { name, ms } = e.data;
    if (typeof name === 'string' && typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) out[name] = ms;
  }
  return out;
}
