import { participantsByName } from '../trace/participants.ts';
import type { Trace, TraceEntry } from '../trace/types.ts';
import type { InstanceResult, TraceProblem } from './result.ts';

/**
 * Bad frames and catalog errors outside every matched step: between participants the result bound, and
 * anything a system under test sent, to whomever. A SUT's broken message is its own fault wherever it is
 * (a login refused for a wrong-typed TenantId, before the instance that then fails for want of the agent
 * even binds the desktop); traffic among reference participants the model does not bind is not judged.
 */
export function traceProblems(entries: Iterable<TraceEntry>, instances: readonly InstanceResult[], pinned: Record<string, string>, suts: ReadonlySet<string> = new Set()): TraceProblem[] {
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
    if (!suts.has(e.from) && (!bound.has(e.from) || !bound.has(e.to))) return;
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

/** The participants bound to a system under test: the header's, and those `participant` notes announced as they joined. */
export function sutParticipants(skeleton: Trace): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [name, p] of participantsByName(skeleton)) if (p.binding === 'sut') out.add(name);
  return out;
}
