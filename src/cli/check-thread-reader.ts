import { validAttributesEnd } from '../catalog/attr-text.ts';
import { defaultCatalog } from '../catalog/catalog.ts';
import { goesBetween } from '../catalog/types.ts';
import type { MessageDef, Resolved, Role, Violation } from '../catalog/types.ts';
import { Correlator } from '../flow/correlate.ts';
import type { MessageKind } from '../flow/correlate.ts';
import { recordedProfile, underProfile } from '../flow/profile.ts';
import { Revalidator } from '../flow/revalidate.ts';
import { scanCompactPrefix } from '../trace/compact-line.ts';
import type { CompactPrefix } from '../trace/compact-line.ts';
import { TraceLineParser } from '../trace/line-parser.ts';
import { readResult, unreadable } from '../trace/reader.ts';
import type { Trace, TraceEntry, TraceHeader } from '../trace/types.ts';
import { BATCH_ENTRIES, KIND, mayBeProblem } from './check-thread-protocol.ts';
import type { CheckJob, EntryBatch, ReadDone } from './check-thread-protocol.ts';

/**
 * What the second thread of a check does with each line of the trace (check-thread-protocol.ts says
 * what it sends, check-thread-worker.ts runs it): it reads as streamTrace reads, with the same parser
 * (its diagnostics are the check's), pairs every message and re-validates those it reads as the
 * single-thread pass does, with the roles the whole trace gives (traceParticipants: the header's, then
 * each participant note's, the first naming a participant winning) — as they come: a participant note
 * after a message naming it, rare, is reported (`late`), and the matcher's thread then reads the trace
 * itself. Batches go to `send` as they fill.
 */
export class CheckThreadReader {
  readonly #job: CheckJob;
  readonly #send: (batch: EntryBatch) => void;
  readonly #parser: TraceLineParser;
  #entry: TraceEntry | undefined;
  #roles: RolesSoFar | undefined;
  #revalidator: Revalidator | undefined;
  #correlator: Correlator | undefined;
  /** What this thread needs to know of a message name, by name then protocol (Lookup). */
  readonly #lookups = new Map<string, Lookup[]>();
  #late = false;
  /** Each connection's ends the matcher's thread was last told (the parser's own object for them). */
  readonly #told = new Map<string, { from: string; to: string }>();
  #batch = newBatch();
  #n = 0;
  /** Lines read so far: parsed here, judged from their text, left unread. */
  readonly lines = { parsed: 0, judged: 0, unread: 0 };

  constructor(job: CheckJob, send: (batch: EntryBatch) => void) {
    this.#job = job;
    this.#send = send;
    this.#parser = new TraceLineParser(job.path, (e) => {
      this.#entry = e;
    });
  }

  /** The next line, as readLines gives it. */
  line(text: string, cutLast: boolean): void {
    this.#entry = undefined;
    let prefix: CompactPrefix | undefined;
    // Once routing is known (the header read), a message line is first read only as far as its fixed
    // fields: one some step names is left to the matcher's thread, most others are judged from their text.
    if (this.#correlator !== undefined && !cutLast) {
      prefix = scanCompactPrefix(text);
      if (prefix !== undefined) {
        const name = this.#lookup(prefix.p, prefix.w ?? prefix.m);
        if (name.kind.mentioned ? this.#leftUnread(prefix, text, name) : this.#judgedUnparsed(prefix, text, name)) return;
      }
    }
    this.#parser.line(text, cutLast, prefix);
    this.lines.parsed++;
    const e = this.#entry;
    if (e !== undefined) this.#take(e, text);
  }

  /** After the last line (`failed`: why the file could not be read to its end): the last batch sent, and what the read found. */
  end(failed: unknown): Omit<ReadDone, 'heapPeak'> {
    this.#flush();
    const read = failed === undefined ? readResult(this.#parser, [], this.#job.path) : unreadable(this.#job.path, failed);
    return {
      type: 'done', diagnostics: read.diagnostics, complete: read.trace !== undefined, differences: this.#revalidator?.differences ?? [],
      roles: [...(this.#roles ?? this.#start())], late: this.#late,
    };
  }

  #flush(): void {
    const n = this.#n;
    if (n === 0) return;
    const b = this.#batch;
    this.#send({ ...b, kinds: b.kinds.subarray(0, n), times: b.times.subarray(0, n) });
    this.#batch = newBatch();
    this.#n = 0;
  }

  #next(): void {
    if (++this.#n === BATCH_ENTRIES) this.#flush();
  }

  // The header is the first line, read before any entry (without one the trace has errors, and no check reads this).
  #start(): RolesSoFar {
    const known = new RolesSoFar();
    const header = this.#parser.header;
    for (const p of header?.participants ?? []) known.set(p.name, p.role);
    this.#revalidator = new Revalidator(known, defaultCatalog);
    this.#correlator = routingOf(this.#job, header);
    this.#roles = known;
    return known;
  }

  #take(e: TraceEntry, text: string): void {
    const roles = this.#roles ?? this.#start();
    const batch = this.#batch;
    const n = this.#n;
    batch.times[n] = e.t;
    if (e.type !== 'message') {
      if (e.type === 'note' && e.kind === 'participant' && e.data) {
        const { name, role } = e.data as { name?: unknown; role?: unknown };
        if (typeof name === 'string' && typeof role === 'string' && !roles.has(name)) {
          if (roles.missed.has(name)) this.#late = true;
          roles.set(name, role as Role);
        }
      }
      batch.kinds[n] = KIND.other;
      batch.others.push(e);
    } else {
      const recorded = e.violations.length;
      const name = e.message;
      this.#revalidator!.entry(e, true);
      // Every message goes through routing, in order: which requests carried a value is routing's state.
      const ignored = this.#correlator ? this.#correlator.ignores(e) : false;
      if (ignored && !mayBeProblem(e)) batch.kinds[n] = KIND.ignored;
      else {
        batch.kinds[n] = KIND.text;
        batch.texts.push(text);
        this.#tell(e.connection);
        if (e.violations.length > 0 || recorded > 0 || e.message !== name) batch.revised.push([n, e.violations, e.message, e.alias]);
      }
    }
    this.#next();
  }

  #tell(connection: string): void {
    const ends = this.#parser.endsOf(connection);
    if (ends !== undefined && this.#told.get(connection) !== ends) {
      this.#told.set(connection, ends);
      this.#batch.ends.push([this.#n, connection, ends.from, ends.to]);
    }
  }

  /**
   * A message line some step of the model names, left to the matcher's thread to parse, validate and
   * route (KIND.unread) — when the parser can take it unread (passMessage) — paired here, in order with
   * the rest. Not a request with a referenceId whose attributes may hold a correlation value: the pending
   * requests that carried one are routing's state here (Correlator.ignores), and no other message changes it.
   */
  #leftUnread(prefix: CompactPrefix, text: string, { kind, resolved }: Lookup): boolean {
    // As Correlator.ignores decides without routing: only a request carrying a value changes routing.
    if (kind.pairing === 'request' && prefix.r !== undefined && this.#holdsValueKey(kind, text, prefix.at)) return false;
    const from = this.#parser.passMessage(prefix);
    if (from === undefined) return false;
    this.#unread(prefix, text, resolved?.def, from);
    return true;
  }

  /**
   * The name as validation resolves it (validateMessage: a protocol of the catalog, then the name or an
   * alias in it) and as routing knows it under that resolution, found once per name: every line asked
   * the catalog twice and routing once, each a lookup by a string made for the line.
   */
  #lookup(protocol: string, name: string): Lookup {
    let list = this.#lookups.get(name);
    if (list === undefined) this.#lookups.set(name, (list = []));
    for (const l of list) if (l.protocol === protocol) return l;
    const resolved = defaultCatalog.isProtocol(protocol) ? defaultCatalog.get(protocol, name) : undefined;
    const kind = this.#correlator!.kindOfName(protocol, resolved ? resolved.def.name : name);
    const l = { protocol, resolved, kind, valueKeys: this.#correlator!.valueKeys(kind) };
    list.push(l);
    return l;
  }

  #unread(prefix: CompactPrefix, text: string, def: MessageDef | undefined, from: string, pairing?: Violation[]): void {
    const batch = this.#batch;
    const n = this.#n;
    this.lines.unread++;
    batch.times[n] = prefix.t;
    batch.kinds[n] = KIND.unread;
    batch.texts.push(text);
    this.#tell(prefix.c);
    if (def !== undefined) {
      const paired = pairing ?? this.#revalidator!.pair(prefix.c, def, prefix.r, from);
      if (paired.length > 0) batch.pairings.push([n, paired]);
    }
    this.#next();
  }

  /**
   * Whether the attributes' text (from `at`) may hold a correlation value: it names a key one sits under
   * (Correlator.valueKeys), or has an escape, which may spell one.
   */
  #holdsValueKey(kind: MessageKind, text: string, at: number): boolean {
    for (const key of this.#correlator!.valueKeys(kind)) if (text.indexOf(`${JSON.stringify(key)}:`, at) >= 0) return true;
    return text.indexOf('\\', at) >= 0;
  }

  /**
   * A message line no step names, judged from its text without parsing it, when it is the common case:
   * its name canonical, its direction one the catalog knows, its attributes valid (attr-text.ts) and
   * holding no correlation value, no answer to a request routing followed — a message routing ignores,
   * and in which re-validation finds nothing (its pairing aside). Only its time is sent; if pairing finds
   * something, the matcher's thread reads it (unread). Anything else, the line is parsed and judged as
   * the one-thread pass judges it (take).
   */
  #judgedUnparsed(prefix: CompactPrefix, text: string, { kind, resolved, valueKeys }: Lookup): boolean {
    if (prefix.w !== undefined || resolved === undefined || resolved.aliasUsed !== undefined || resolved.def.name !== prefix.m) return false;
    const def = resolved.def;
    const correlator = this.#correlator!;
    let from: string;
    let to: string;
    if (prefix.d === undefined) {
      from = prefix.from!;
      to = prefix.to!;
    } else {
      const ends = this.#parser.endsOf(prefix.c);
      if (ends === undefined) return false;
      from = prefix.d === '>' ? ends.from : ends.to;
      to = prefix.d === '>' ? ends.to : ends.from;
    }
    if (!correlator.ignoresValueless(kind, prefix.c, to, prefix.r)) return false;
    const roles = this.#roles!;
    const fromRole = roles.get(from);
    const toRole = roles.get(to);
    if ((fromRole !== undefined || toRole !== undefined) && !goesBetween(def, fromRole, toRole)) return false;
    // The attributes, without a correlation value, then the line's end: nothing after them (a raw frame,
    // recorded violations). A key written with an escape is refused there, so none spells a value's.
    const end = validAttributesEnd(text, prefix.at + 4, def, valueKeys);
    if (end < 0 || end !== text.length - 1 || text.charCodeAt(end) !== 0x7d) return false;
    // Its sender as the parser takes it is `from`: the same ends, read the same way.
    if (this.#parser.passMessage(prefix) === undefined) return false;
    const pairing = this.#revalidator!.pair(prefix.c, def, prefix.r, from);
    if (pairing.length > 0) {
      this.#unread(prefix, text, def, from, pairing);
      return true;
    }
    this.lines.judged++;
    this.#batch.times[this.#n] = prefix.t;
    this.#batch.kinds[this.#n] = KIND.ignored;
    this.#next();
    return true;
  }
}

/** A message name as this thread needs to know it (CheckThreadReader #lookup). */
interface Lookup {
  protocol: string;
  resolved: Resolved | undefined;
  kind: MessageKind;
  valueKeys: readonly string[];
}

/** Roles as known so far; remembers each name looked up before it was known. */
class RolesSoFar extends Map<string, Role> {
  readonly missed = new Set<string>();
  override get(name: string): Role | undefined {
    const role = super.get(name);
    if (role === undefined) this.missed.add(name);
    return role;
  }
}

/** The model's routing as Matching.start builds it: the profile applied, the variant's phases. */
function routingOf(job: CheckJob, header: TraceHeader | undefined): Correlator | undefined {
  const model = underProfile(job.model, job.profile ?? (header ? recordedProfile({ header } as Trace) : undefined));
  const variant = model.variants[job.variant];
  if (!variant || variant.phases.some((id) => !model.phases[id])) return undefined;
  const root = variant.phases.map((id) => model.phases[id].body);
  return new Correlator(model.correlate, root, Object.values(model.phases).map((p) => p.body), defaultCatalog);
}

function newBatch(): EntryBatch {
  return { type: 'batch', kinds: new Uint8Array(BATCH_ENTRIES), times: new Float64Array(BATCH_ENTRIES), texts: [], ends: [], others: [], revised: [], pairings: [] };
}
