import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { defaultCatalog } from '../catalog/catalog.ts';
import type { Role } from '../catalog/types.ts';
import { Correlator } from '../flow/correlate.ts';
import { recordedProfile, underProfile } from '../flow/profile.ts';
import { Revalidator } from '../flow/revalidate.ts';
import { TraceLineParser } from '../trace/line-parser.ts';
import { readLines, readResult, unreadable } from '../trace/reader.ts';
import type { Trace, TraceEntry, TraceHeader } from '../trace/types.ts';
import { BATCH_ENTRIES, KIND, mayBeProblem, WINDOW } from './check-thread-protocol.ts';
import type { CheckJob, EntryBatch, FromReader, ToReader } from './check-thread-protocol.ts';

/**
 * The second thread of a check (check-thread-protocol.ts says what it does and sends). It reads as
 * streamTrace reads, with the same parser (its diagnostics are the check's), re-validates every message
 * as the single-thread pass does, with the roles the whole trace gives (traceParticipants: the header's,
 * then each participant note's, the first naming a participant winning) — as they come: a participant
 * note after a message naming it, rare, is reported (`late`), and the matcher's thread then reads the
 * trace itself.
 */

const port = parentPort;
if (!port) throw new Error('check-thread-worker.ts runs as a worker thread of a check (check-thread.ts)');

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
  return { type: 'batch', kinds: new Uint8Array(BATCH_ENTRIES), times: new Float64Array(BATCH_ENTRIES), texts: [], ends: [], others: [], revised: [] };
}

/** Batches of the job at hand the matcher's thread has taken; called when it takes one. */
const progress = { taken: 0, wake: undefined as (() => void) | undefined };

async function judge(job: CheckJob): Promise<void> {
  let heapPeak = 0;
  const sample = (): void => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  };
  const sampler = setInterval(sample, 2);
  let sent = 0;
  progress.taken = 0;
  const post = (m: FromReader, transfer?: ArrayBuffer[]): void => port!.postMessage(m, transfer);

  let entry: TraceEntry | undefined;
  const parser = new TraceLineParser(job.path, (e) => {
    entry = e;
  });
  let roles: RolesSoFar | undefined;
  let revalidator: Revalidator | undefined;
  let correlator: Correlator | undefined;
  let late = false;
  /** Each connection's ends the matcher's thread was last told (the parser's own object for them). */
  const told = new Map<string, { from: string; to: string }>();
  let batch = newBatch();
  let n = 0;
  const flush = (): void => {
    if (n === 0) return;
    sample();
    post({ ...batch, kinds: batch.kinds.subarray(0, n), times: batch.times.subarray(0, n) }, [batch.kinds.buffer as ArrayBuffer, batch.times.buffer as ArrayBuffer]);
    sent++;
    batch = newBatch();
    n = 0;
  };
  // The header is the first line, read before any entry (without one the trace has errors, and no check reads this).
  const start = (): RolesSoFar => {
    const known = new RolesSoFar();
    for (const p of parser.header?.participants ?? []) known.set(p.name, p.role);
    revalidator = new Revalidator(known, defaultCatalog);
    correlator = routingOf(job, parser.header);
    return known;
  };
  const take = (e: TraceEntry, text: string): void => {
    roles ??= start();
    batch.times[n] = e.t;
    if (e.type !== 'message') {
      if (e.type === 'note' && e.kind === 'participant' && e.data) {
        const { name, role } = e.data as { name?: unknown; role?: unknown };
        if (typeof name === 'string' && typeof role === 'string' && !roles.has(name)) {
          if (roles.missed.has(name)) late = true;
          roles.set(name, role as Role);
        }
      }
      batch.kinds[n] = KIND.other;
      batch.others.push(e);
    } else {
      const recorded = e.violations.length;
      const name = e.message;
      revalidator!.entry(e, true);
      // Every message goes through routing, in order: which requests carried a value is routing's state.
      const ignored = correlator ? correlator.ignores(e) : false;
      if (ignored && !mayBeProblem(e)) batch.kinds[n] = KIND.ignored;
      else {
        batch.kinds[n] = KIND.text;
        batch.texts.push(text);
        const ends = parser.endsOf(e.connection);
        if (ends !== undefined && told.get(e.connection) !== ends) {
          told.set(e.connection, ends);
          batch.ends.push([n, e.connection, ends.from, ends.to]);
        }
        if (e.violations.length > 0 || recorded > 0 || e.message !== name) batch.revised.push([n, e.violations, e.message, e.alias]);
      }
    }
    if (++n === BATCH_ENTRIES) flush();
  };
  let crash: unknown;
  const failed = await readLines(
    job.path,
    (text, cutLast) => {
      entry = undefined;
      parser.line(text, cutLast);
      if (entry === undefined) return;
      try {
        take(entry, text);
      } catch (err) {
        crash ??= err;
        throw err;
      }
    },
    () => (sent - progress.taken < WINDOW ? undefined : new Promise<void>((resolve) => (progress.wake = () => sent - progress.taken < WINDOW && resolve()))),
  );
  progress.wake = undefined;
  if (crash !== undefined) throw crash;
  flush();
  const read = failed === undefined ? readResult(parser, [], job.path) : unreadable(job.path, failed);
  clearInterval(sampler);
  sample();
  post({
    type: 'done', diagnostics: read.diagnostics, complete: read.trace !== undefined, differences: revalidator?.differences ?? [],
    roles: [...(roles ?? start())], late, heapPeak,
  });
}

// One job at a time; a thread that finished one may be given another (check-thread.ts keeps it for the
// next check of the same process).
port.on('message', (m: ToReader) => {
  if (m.type === 'taken') {
    progress.taken++;
    progress.wake?.();
    return;
  }
  judge(m.job).catch((err: unknown) => {
    port.postMessage({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromReader);
  });
});
