import { participantsByName } from '../trace/participants.ts';
import { ROLE_LABELS } from '../catalog/types.ts';
import type { Role } from '../catalog/types.ts';
import type { Trace } from '../trace/types.ts';
import type { FlowModel, Step } from './model.ts';
import { walkSteps } from './step-program.ts';

/**
 * Model participants against trace participants. A model participant binds to a trace participant of
 * its role: pinned (the model's `name`, or the run's bindings), or else on the first message that fits,
 * separately in every instance — two agents in one trace make two instances, each with its own agent.
 */

export interface ParticipantSetup {
  /** Trace participant name → role: the header's, plus those announced later by `participant` notes. */
  roleOf: Map<string, Role>;
  /** Model participant id → trace participant name, fixed before matching. */
  pinned: Record<string, string>;
  /** Why the trace cannot be matched against this model at all. */
  error?: string;
  /**
   * A participant the model needs that the trace does not have: in a complete trace it cannot be
   * matched (error); in a cut one it may only not have joined yet (inconc). Set only without `error`.
   */
  absent?: string;
}

export function traceParticipants(trace: Trace): Map<string, Role> {
  const roleOf = new Map<string, Role>();
  for (const [name, p] of participantsByName(trace)) roleOf.set(name, p.role);
  return roleOf;
}

function roleLabel(r: Role): string {
  return ROLE_LABELS[r] ?? r;
}

function listing(roleOf: Map<string, Role>): string {
  if (roleOf.size === 0) return 'the trace names no participants';
  return `it has ${[...roleOf].map(([n, r]) => `${n} (${roleLabel(r)})`).join(', ')}`;
}

/** Model participant ids the variant's steps name directly (not through a for-each variable). */
export function participantsUsed(steps: readonly Step[]): Set<string> {
  const used = new Set<string>();
  const add = (ref: string): void => {
    if (!ref.startsWith('$')) used.add(ref);
  };
  walkSteps(steps, (s) => {
    if (s.kind === 'message') {
      add(s.from);
      add(s.to);
    } else if (s.kind === 'never') {
      add(s.pattern.from);
      add(s.pattern.to);
    }
  });
  return used;
}

export function setupParticipants(
  model: FlowModel,
  trace: Trace,
  used: ReadonlySet<string>,
  bindings: Record<string, string> | undefined,
): ParticipantSetup {
  const roleOf = traceParticipants(trace);
  const pinned: Record<string, string> = {};
  const fail = (error: string): ParticipantSetup => ({ roleOf, pinned, error });
  // The first participant missing; the loop goes on, since a wrong binding after it is an error even in a cut trace.
  let absent: string | undefined;

  for (const id of Object.keys(bindings ?? {})) {
    if (!(id in model.participants)) {
      return fail(`the run binds model participant '${id}', which the model does not have (it has ${Object.keys(model.participants).join(', ')})`);
    }
  }
  for (const [id, p] of Object.entries(model.participants)) {
    const name = bindings?.[id] ?? p.name;
    if (name !== undefined) {
      const role = roleOf.get(name);
      if (role === undefined) {
        absent ??= `model participant '${id}' (${roleLabel(p.role)}) is bound to '${name}', which is not in the trace; ${listing(roleOf)}`;
        continue;
      }
      if (role !== p.role) {
        return fail(`model participant '${id}' (${roleLabel(p.role)}) is bound to '${name}', whose role in the trace is ${roleLabel(role)}`);
      }
      pinned[id] = name;
    } else if (used.has(id) && ![...roleOf.values()].includes(p.role)) {
      absent ??= `the trace has no ${roleLabel(p.role)} participant for model participant '${id}'; ${listing(roleOf)}`;
    }
  }
  return absent === undefined ? { roleOf, pinned } : { roleOf, pinned, absent };
}
