import type { Role } from '../catalog/types.ts';
import type { FlowModel } from '../flow/model.ts';
import type { MatchOptions } from '../flow/matcher.ts';
import { traceParticipants } from '../flow/participants.ts';
import { Matching } from '../flow/trace-matching.ts';
import type { RetireOptions } from '../flow/trace-matching.ts';
import type { Violation } from '../catalog/types.ts';
import { Revalidator } from '../flow/revalidate.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import { CompactMessageReader } from '../trace/compact-message.ts';
import { parseCompactLine } from '../trace/compact-line.ts';
import type { TraceEntry, TraceMessage } from '../trace/types.ts';
import { KIND, mayBeProblem } from './check-thread-protocol.ts';
import type { EntryBatch } from './check-thread-protocol.ts';
import { ReaderFailed } from './check-thread.ts';
import type { CheckThread } from './check-thread.ts';
import { passEnd } from './match-pass.ts';
import type { MatchPass } from './match-pass.ts';
import type { TraceSkeleton } from './check-stream.ts';

/**
 * matchPass (match-pass.ts) on two threads: the second reads the trace, pairs every message and parses
 * and re-validates most (check-thread-reader.ts); this one feeds the matcher what it sends — parsing and
 * re-validating the messages the model names, which it left unread, parsing again those of the others
 * routing does not ignore, and telling the matcher of the rest only their time (Matching.ignored). Same
 * entries, same order, same re-validation: the same Matching at the end, and the same differences and
 * problems.
 */

/**
 * Not a failure: the two threads cannot check this trace (a participant note came after a message naming
 * it, so the second thread re-validated with roles not yet the whole trace's; the model cannot be matched).
 */
export class SecondThreadUnfit extends ReaderFailed {}

/** The pass, or ReaderFailed (the caller runs matchPass instead); UnsoundSkim and a changed file as matchPass. */
export async function threadPass(path: string, skeleton: TraceSkeleton, model: FlowModel, opts: MatchOptions, retire: RetireOptions | undefined, thread: CheckThread): Promise<MatchPass & { heapPeak: number }> {
  const started = Matching.start(model, skeleton.trace, opts, skeleton.counts, undefined, retire);
  if (!(started instanceof Matching)) throw new SecondThreadUnfit('the model cannot be matched against this trace: nothing to route');
  const matching = started;
  const problems: TraceEntry[] = [];
  const counts = { entries: 0, messages: 0, lastT: 0 };
  // The lines of messages it is sent, read as the second thread's parser read them (told their connections' ends).
  const reader: BatchReader = {
    matching, problems, counts,
    compact: new CompactMessageReader(),
    // As matchPass re-validates: with the roles the whole trace gives.
    revalidator: new Revalidator(traceParticipants(skeleton.trace)),
  };
  for (;;) {
    const m = await thread.next();
    if (m.type === 'batch') {
      feedBatch(m, reader);
      thread.taken();
      continue;
    }
    passEnd(path, skeleton, { diagnostics: m.diagnostics, complete: m.complete, ...counts });
    if (m.late || !sameRoles(m.roles, traceParticipants(skeleton.trace))) {
      throw new SecondThreadUnfit('a participant note came after a message naming that participant');
    }
    return { started, matching, differences: bySeq(m.differences, reader.revalidator.differences), problems, heapPeak: m.heapPeak };
  }
}

interface BatchReader {
  matching: Matching;
  compact: CompactMessageReader;
  revalidator: Revalidator;
  problems: TraceEntry[];
  counts: { entries: number; messages: number; lastT: number };
}

const NO_PAIRING: readonly Violation[] = Object.freeze([]) as readonly Violation[];

/**
 * A line the second thread sent, read as its parser reads it (line-parser.ts). `unread`: the second
 * thread read only its fixed fields (compact-line.ts), and took it for the message they start: the rest
 * must be what its parser would have accepted, or the second thread's read of the trace is not the
 * trace's (this thread then reads it itself).
 */
function readLine(text: string, compact: CompactMessageReader, unread: boolean): TraceMessage {
  // A line the second thread parsed is parsed whole again; read from its fixed fields it would cost as much.
  const o = unread ? parseCompactLine(text) : (JSON.parse(text) as Record<string, unknown>);
  if (o === undefined) throw new ReaderFailed('the second thread left unread a line that is not a sound message line');
  // A line with a type is the entry itself; one without, a flowcert-trace/2 message, is read back into one.
  if (o.type !== undefined) return o as unknown as TraceMessage;
  const m = compact.read(o);
  if (Array.isArray(m)) throw new ReaderFailed(`the second thread sent a line this thread reads otherwise: ${m.join(', ')}`);
  return m as TraceMessage;
}

function feedBatch(b: EntryBatch, { matching, compact, revalidator, problems, counts }: BatchReader): void {
  const { kinds, times, texts, ends, others, revised, pairings } = b;
  let text = 0;
  let end = 0;
  let other = 0;
  let r = 0;
  let p = 0;
  let i = counts.entries;
  let messages = counts.messages;
  for (let j = 0; j < kinds.length; j++, i++) {
    const kind = kinds[j];
    if (kind === KIND.ignored) {
      matching.ignored(i, times[j]);
      messages++;
      continue;
    }
    let e: TraceEntry;
    if (kind === KIND.other) e = others[other++];
    else {
      while (end < ends.length && ends[end][0] === j) {
        const [, connection, from, to] = ends[end++];
        compact.learnEnds(connection, from, to);
      }
      e = readLine(texts[text++], compact, kind === KIND.unread);
      if (kind === KIND.unread) {
        const pairing = p < pairings.length && pairings[p][0] === j ? pairings[p++][1] : NO_PAIRING;
        revalidator.entry(e, true, pairing);
      } else if (r < revised.length && revised[r][0] === j) {
        // In the order Revalidator.entry changes an entry in place.
        const [, violations, message, alias] = revised[r++];
        const msg = e as TraceMessage;
        msg.violations = violations;
        if (msg.message !== message) {
          msg.message = message;
          msg.alias = alias;
        }
      }
      messages++;
    }
    matching.feed(i, e);
    if (mayBeProblem(e)) problems.push(e);
  }
  counts.entries = i;
  counts.messages = messages;
  if (kinds.length > 0) counts.lastT = times[kinds.length - 1];
}

/** Two lists of differences, each in trace order, as one. */
function bySeq(a: ViolationDifference[], b: ViolationDifference[]): ViolationDifference[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: ViolationDifference[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i].seq < b[j].seq) ? a[i++] : b[j++]);
  return out;
}

function sameRoles(a: Array<[string, Role]>, b: Map<string, Role>): boolean {
  return a.length === b.size && a.every(([name, role]) => b.get(name) === role);
}
