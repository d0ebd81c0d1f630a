import { defaultCatalog } from '../catalog/catalog.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { ReferenceTracker } from '../catalog/reference-tracker.ts';
import type { MessageDef, MessageInstance, Role, Violation } from '../catalog/types.ts';
import { validateMessage } from '../catalog/validate.ts';
import type { Trace, TraceEntry, TraceMessage } from '../trace/types.ts';
import { traceParticipants } from './participants.ts';

/**
 * A trace judged on its content, not on what it says about itself: every message is validated against
 * the catalog again, and requests and responses are paired again — one ReferenceTracker per connection,
 * the sender being the message's `from`, the roles the trace's participants' — as the recorder does
 * while it records. A trace written by another recorder, or edited by hand, carries violations that
 * may be wrong either way; they are only compared with what the catalog finds, and the differences are
 * listed. Bad frames keep theirs: their bytes are not in the trace to decode again.
 */

export interface ViolationDifference {
  seq: number;
  from: string;
  to: string;
  message: string;
  /** Everything the trace records for the message. */
  recorded: Violation[];
  /** What the trace records and the catalog does not find. */
  recordedOnly: Violation[];
  /** What the catalog finds and the trace does not record. */
  foundOnly: Violation[];
}

export interface Revalidation {
  /** The trace with every message's violations recomputed (and its name canonical, its alias kept). */
  trace: Trace;
  /** Messages whose recorded violations differ from the catalog's, in trace order. */
  differences: ViolationDifference[];
}

/** Two violations are the same finding when code and attribute agree: wording may change between versions. */
function identity(v: Violation): string {
  return `${v.code}\u0000${v.attribute ?? ''}`;
}

/** Never added to: a difference is listed only when one side is not empty. */
const NONE = Object.freeze([]) as unknown as Violation[];

/** Those of `a` that `b` lacks, counting repeats. */
function minus(a: readonly Violation[], b: readonly Violation[]): Violation[] {
  const left = new Map<string, number>();
  for (const v of b) left.set(identity(v), (left.get(identity(v)) ?? 0) + 1);
  const out: Violation[] = [];
  for (const v of a) {
    const n = left.get(identity(v)) ?? 0;
    if (n > 0) left.set(identity(v), n - 1);
    else out.push(v);
  }
  return out;
}

/** revalidate one entry at a time, in trace order (a streamed check): the roles are the whole trace's. */
export class Revalidator {
  readonly differences: ViolationDifference[] = [];
  readonly #roleOf: ReadonlyMap<string, Role>;
  readonly #catalog: Catalog;
  readonly #trackers = new Map<string, ReferenceTracker>();

  constructor(roleOf: ReadonlyMap<string, Role>, catalog: Catalog = defaultCatalog) {
    this.#roleOf = roleOf;
    this.#catalog = catalog;
  }

  /**
   * `inPlace`: change `e` itself (a streamed check, which holds the parsed entry nowhere else) rather than
   * a copy. `pairing`: what pair() found for it, where another Revalidator of the same trace paired it
   * (a check's second thread pairs every message, in order, and leaves some to this thread to validate).
   */
  entry(e: TraceEntry, inPlace = false, pairing?: readonly Violation[]): TraceEntry {
    if (e.type !== 'message') return e;
    // The wire spelling, so that an alias is found (and reported) as the recorder found it. Without one
    // the entry itself is it: validateMessage reads only protocol, message and attributes.
    const wire: MessageInstance = e.alias === undefined ? e : { protocol: e.protocol, message: e.alias, attributes: e.attributes };
    const { resolved, violations } = validateMessage(this.#catalog, wire, { fromRole: this.#roleOf.get(e.from), toRole: this.#roleOf.get(e.to) });
    let found = violations;
    if (resolved) {
      const paired = pairing ?? this.pair(e.connection, resolved.def, e.referenceId, e.from);
      if (paired.length > 0) found = [...found, ...paired];
    }
    const recorded = e.violations ?? [];
    // Nearly every message: nothing recorded, nothing found.
    const same = recorded.length === 0 && found.length === 0;
    const recordedOnly = same ? NONE : minus(recorded, found);
    const foundOnly = same ? NONE : minus(found, recorded);
    if (recordedOnly.length > 0 || foundOnly.length > 0) this.differences.push({ seq: e.seq, from: e.from, to: e.to, message: e.message, recorded: [...recorded], recordedOnly, foundOnly });
    const out: TraceMessage = inPlace ? e : { ...e };
    // In place, an empty list read from the line is the entry's own: kept rather than replaced.
    out.violations = found.length > 0 ? [...found] : inPlace && recorded.length === 0 && e.violations ? e.violations : [];
    if (resolved && resolved.def.name !== e.message) {
      out.message = resolved.def.name;
      out.alias = resolved.aliasUsed ?? e.message;
    }
    return out;
  }

  /** The message resolved to `def`, paired with the requests and responses before it on its connection (entry() does it for each message it is given). */
  pair(connection: string, def: MessageDef, referenceId: number | undefined, from: string): Violation[] {
    let tracker = this.#trackers.get(connection);
    if (!tracker) this.#trackers.set(connection, (tracker = new ReferenceTracker()));
    return tracker.observe(def, referenceId, from);
  }
}

export function revalidate(trace: Trace, catalog: Catalog = defaultCatalog): Revalidation {
  const r = new Revalidator(traceParticipants(trace), catalog);
  const entries = trace.entries.map((e) => r.entry(e));
  return { trace: { ...trace, entries }, differences: r.differences };
}

/** `seq 12 IS1 → Agent1 EventAck: the trace records no violation, the catalog finds UNMATCHED_RESPONSE (…)` */
export function describeDifference(d: ViolationDifference): string {
  const list = (vs: readonly Violation[]) => vs.map((v) => `${v.code} (${v.message})`).join('; ');
  let text: string;
  if (d.recordedOnly.length === 0) {
    text = d.recorded.length === 0 ? `the trace records no violation, the catalog finds ${list(d.foundOnly)}` : `the catalog also finds ${list(d.foundOnly)}, which the trace does not record`;
  } else {
    text = `the trace records ${list(d.recordedOnly)}, ${d.foundOnly.length === 0 ? 'the catalog does not find it' : `the catalog finds ${list(d.foundOnly)} instead`}`;
  }
  return `seq ${d.seq} ${d.from} → ${d.to} ${d.message}: ${text}`;
}
