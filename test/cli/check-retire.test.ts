import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { anyOutcome } from '../../bench/any-outcome.ts';
import { syntheticTrace } from '../../bench/synthetic-trace.ts';
import { loadModel } from '../../src/flow/loader.ts';
import type { TraceMessage } from '../../src/trace/types.ts';
import type { Trace } from '../../src/trace/types.ts';
import { checkBothWays } from './check-both-ways.ts';

// A streamed check retires an instance once its result is final (src/flow/retire.ts): on traces of many
// interleaved interactions, with what could still move a retired instance after it — a late answer of
// its own, the interaction routed again, a message stamped back in time — the answer must stay the one
// the whole trace in memory gives.

const loaded = await loadModel('scenarios/deliver-interaction-to-agent.yaml');
const model = anyOutcome(loaded.model!);
const TIMER = 200;
const opts = { variant: 'any-outcome', timers: { delivering: TIMER } };
const tmp = mkdtempSync(join(tmpdir(), 'flowcert-check-retire-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, trace: Trace, sort = true): string {
  const entries = sort ? [...trace.entries].sort((a, b) => a.t - b.t) : trace.entries;
  entries.forEach((e, i) => {
    e.seq = i + 1;
  });
  const footer = trace.footer ? { ...trace.footer, entries: entries.length } : undefined;
  const path = join(tmp, name);
  writeFileSync(path, `${[trace.header, ...entries, ...(footer ? [footer] : [])].map((l) => JSON.stringify(l)).join('\n')}\n`);
  return path;
}

/** The messages of one interaction of a synthetic trace, by name. */
function interaction(trace: Trace, outcome: 'RequestAccept' | 'RequestReject'): Record<string, TraceMessage> {
  const answer = trace.entries.find((e): e is TraceMessage => e.type === 'message' && e.message === outcome)!;
  const id = (answer.attributes as { InteractionId: string }).InteractionId;
  const out: Record<string, TraceMessage> = {};
  for (const e of trace.entries) if (e.type === 'message' && JSON.stringify(e.attributes).includes(id)) out[e.message] ??= e;
  return out;
}

const copy = (m: TraceMessage, o: Partial<TraceMessage>): TraceMessage => ({ ...structuredClone(m), ...o });

test('many interleaved interactions, retired as they end: the same answer, and most instances retired', async () => {
  // 100 interactions over 2 s of trace time: the command's slack (1 s) lets the first ones go.
  const { trace } = syntheticTrace({ messages: 10_000, timerMs: TIMER });
  const usual = await checkBothWays(write('plain.ndjson', trace), model, opts);
  assert.equal(usual.streamed, usual.whole);
  assert.ok(usual.retired >= 30, `only ${usual.retired} of 100 instances retired`);
  for (const seed of [1, 2, 3]) {
    const { trace } = syntheticTrace({ messages: 3000, timerMs: TIMER, seed });
    const eager = await checkBothWays(write(`plain-${seed}.ndjson`, trace), model, opts, { slackMs: 0, every: 1 });
    assert.equal(eager.streamed, eager.whole, `seed ${seed}, retiring eagerly`);
    assert.equal(eager.passes, 2);
    assert.ok(eager.retired >= 15, `seed ${seed}: only ${eager.retired} of 30 instances retired`);
  }
});

/**
 * An interaction routed again long after it ended (its first attempt retired by then), with messages
 * that only its first attempt's branches still waiting can take: `gap` ms after its invite. `answer`:
 * what its agent sends first (0.5 ms later), `stray`: two messages of the first attempt's, after the
 * new attempt's invite — then the new attempt is accepted.
 */
function routedAgain(first: Record<string, TraceMessage>, gap: number, stray: (t: number, ref: number) => TraceMessage, ref: number): TraceMessage[] {
  const ticket = (first.EventInvite.attributes as { TicketId: number }).TicketId + 5000;
  const at = first.EventInvite.t + gap;
  const agent = first.EventInvite.to;
  const answer = { ...(first.EventInvite.attributes as { Interaction: { InteractionId: string } }) };
  const id = answer.Interaction.InteractionId;
  return [
    copy(first.RequestRouteCall, { t: at, referenceId: ref }),
    copy(first.EventPartyRemoved, { t: at + 0.5 }),
    copy(first.EventAgentInvited, { t: at + 0.8 }),
    copy(first.EventInvite, { t: at + 1.1, attributes: { ...first.EventInvite.attributes, TicketId: ticket } }),
    stray(at + 5, ref + 1),
    stray(at + 6, ref + 2),
    copy(first.EventInvite, { t: at + 10, from: agent, to: 'IS1', message: 'RequestAccept', attributes: { TicketId: ticket, InteractionId: id }, referenceId: ref + 3 }),
    copy(first.EventInvite, { t: at + 10.5, message: 'EventAck', attributes: {}, referenceId: ref + 3 }),
    copy(first.RequestRouteCall, { t: at + 11, from: 'IS1', to: 'URS1', message: 'EventRouteUsed', attributes: { InteractionId: id }, referenceId: ref }),
    copy(first.EventAgentInvited, { t: at + 11.5, message: 'EventPartyAdded' }),
  ];
}

test('what reaches an instance after it was retired: its answers, before or after their deadline, routed again', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: TIMER, seed: 7 });
  const a = interaction(trace, 'RequestAccept');
  const x = interaction(trace, 'RequestReject');
  const ticketOf = (m: TraceMessage) => (m.attributes as { TicketId: number }).TicketId;
  const answerA = { TicketId: ticketOf(a.EventInvite), InteractionId: (a.RequestAccept.attributes as { InteractionId: string }).InteractionId };
  trace.entries.push(
    // A's agent rejects it too, before its deadline (the delivering timer since the invite, give or take
    // 250 ms) but after the accept's windows closed: A's reject branch takes it, and waits on (no
    // deadline), so A is not final. Routed again, A's first attempt takes one EventRejected.
    copy(a.RequestAccept, { t: a.EventInvite.t + TIMER * 2, message: 'RequestReject', attributes: answerA, referenceId: 898 }),
    ...routedAgain(a, 2000, (t) => copy(a.EventAgentInvited, { t, message: 'EventRejected' }), 980),
    // X is routed again; an accept of its first ticket, long past that ticket's deadline: its first
    // attempt's stranded accept branch takes the first (and dies of it), the second has nowhere to go
    // but the new attempt, where no step expects it (unexpected: fail).
    ...routedAgain(x, 2000, (t, ref) => copy(x.RequestReject, { t, message: 'RequestAccept', attributes: { ...x.RequestReject.attributes }, referenceId: ref }), 990),
  );
  const path = write('routed-again.ndjson', trace);
  for (const unexpected of ['fail', 'ignore'] as const) {
    for (const attempt of ['any', 'each', 1, 2] as const) {
      for (const retire of [undefined, { slackMs: 0, every: 1 }]) {
        const r = await checkBothWays(path, model, { ...opts, attempt, unexpected }, retire);
        const what = `unexpected ${unexpected}, attempt ${attempt}, ${retire ? 'eagerly' : 'as the command does'}`;
        assert.equal(r.streamed, r.whole, what);
        if (retire) assert.ok(r.retired > 0, what);
      }
    }
  }
  const second = await checkBothWays(path, model, { ...opts, attempt: 2 }, { slackMs: 0, every: 1 });
  // Of each pair of strays the first attempt takes one, the second attempt meets the other.
  assert.equal((second.whole.match(/"kind": "unexpected"/g) ?? []).length, 2);
});

test('a retired instance with two finished branches that differ only in their windows: they become one when a message reaches it', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: TIMER, seed: 5 });
  const a = interaction(trace, 'RequestAccept');
  const answer = { ...a.RequestAccept.attributes };
  // A's accept breaks the catalog (a number where a string goes): its accept branch ends, but fails.
  a.RequestAccept.attributes = { ...answer, InitialInFocusState: 7 };
  const t = a.EventInvite.t + TIMER * 2;
  trace.entries.push(
    // Then A's agent rejects it, before its deadline, after the accept's windows closed: the reject
    // branch ends too, and passes (unexpected ignored): judged then, A would pass. But a message that
    // reaches A once the windows closed merges the two branches, and the accept's, first, stays: A fails.
    copy(a.RequestAccept, { t, message: 'RequestReject', attributes: answer, referenceId: 898 }),
    copy(a.EventInvite, { t: t + 0.5, message: 'EventAck', attributes: {}, referenceId: 898 }),
    copy(a.EventAgentInvited, { t: t + 0.8, message: 'EventRejected' }),
    { ...copy(a.RequestRouteCall, { t: t + 1, from: 'IS1', to: 'URS1', message: 'EventRouteUsed', attributes: { InteractionId: answer.InteractionId } }), referenceId: undefined },
    // Long after: a message of A's reaches it, retired or not.
    copy(a.RequestAccept, { t: t + 2000, message: 'RequestReject', attributes: answer, referenceId: 899 }),
  );
  const path = write('two-branches.ndjson', trace);
  for (const unexpected of ['fail', 'ignore'] as const) {
    for (const retire of [undefined, { slackMs: 0, every: 1 }]) {
      const r = await checkBothWays(path, model, { ...opts, unexpected }, retire);
      assert.equal(r.streamed, r.whole, `unexpected ${unexpected}, ${retire ? 'eagerly' : 'as the command does'}`);
      if (unexpected === 'ignore') assert.match(r.whole, /"kind": "protocol"/);
    }
  }
});

test('an entry stamped before a retired instance could end: checked again without retiring, the same answer', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: TIMER, seed: 11 });
  const accepted = interaction(trace, 'RequestAccept');
  // A revoke inside the window the accept opened, but written at the end of the file: the whole trace
  // judges it by its time (forbidden); the streamed check retired that instance long before it came.
  const revoke = copy(accepted.EventInvite, { t: accepted.RequestAccept.t + 50, message: 'EventRevoked' });
  const entries = [...trace.entries].sort((a, b) => a.t - b.t);
  entries.push(revoke);
  const path = write('back-in-time.ndjson', { ...trace, entries }, false);
  const usual = await checkBothWays(path, model, opts);
  assert.equal(usual.streamed, usual.whole);
  assert.match(usual.whole, /"verdict": "fail"/);
  const eager = await checkBothWays(path, model, opts, { slackMs: 0, every: 1 });
  assert.equal(eager.streamed, eager.whole);
  assert.equal(eager.passes, 3, 'the second pass was not run again');
  // The pass run again without retiring runs on one thread; the first, on two.
  assert.equal(eager.threads, 2);
});
