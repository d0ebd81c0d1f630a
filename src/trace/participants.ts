import type { Trace, TraceParticipant } from './types.ts';

/**
 * A trace's participants by name: its header's, then those `participant` notes announced as they joined
 * (a run's header is written before anyone joins). The first word on a name stands. The one reading of
 * who took part: the matcher's roles, its systems under test and the reports' participants all derive from it.
 */
export function participantsByName(trace: Trace): Map<string, TraceParticipant> {
  const all = new Map<string, TraceParticipant>();
  for (const p of trace.header.participants ?? []) if (!all.has(p.name)) all.set(p.name, p);
  // Indexed: run once over a whole trace, a for-of is not optimized in time and allocates per entry.
  const entries = trace.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'note' || e.kind !== 'participant' || !e.data) continue;
    const d = e.data as Record<string, unknown>;
    if (typeof d.name !== 'string' || typeof d.role !== 'string' || all.has(d.name)) continue;
    all.set(d.name, {
      name: d.name,
      role: d.role as TraceParticipant['role'],
      ...(typeof d.binding === 'string' ? { binding: d.binding as TraceParticipant['binding'] } : {}),
      ...(typeof d.adapter === 'string' ? { adapter: d.adapter } : {}),
    });
  }
  return all;
}
