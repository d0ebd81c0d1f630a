import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeDifference, revalidate } from '../../src/flow/revalidate.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import type { TraceMessage } from '../../src/trace/types.ts';
import { PARTICIPANTS, TraceBuilder } from './matcher-kit.ts';

/** revalidate(): a trace's violations recomputed from its messages, and compared with what it records. */

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
const TWO_AGENTS = [...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication' as const }];
const codes = (m: unknown) => (m as TraceMessage).violations.map((v) => v.code);

test('traces recorded through the frame reader revalidate without a difference', () => {
  for (const f of readdirSync(GOLDEN).filter((n) => n.endsWith('.ndjson'))) {
    const { trace } = parseTrace(readFileSync(join(GOLDEN, f), 'utf8'), f);
    assert.deepEqual(revalidate(trace!).differences, [], f);
  }
});

test('requests and responses pair per connection: the same referenceId on another connection answers nothing', () => {
  const t = new TraceBuilder(TWO_AGENTS)
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'X' }, { ref: 4 })
    .msg('IS1', 'Agent2', 'EventAck', {}, { ref: 4 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { ref: 4 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { ref: 4 })
    .trace(100);
  const { trace, differences } = revalidate(t);
  assert.deepEqual(trace.entries.map(codes), [[], ['UNMATCHED_RESPONSE'], [], ['UNMATCHED_RESPONSE']]);
  assert.deepEqual(differences.map((d) => d.seq), [2, 4]);
  assert.equal(describeDifference(differences[1]),
    'seq 4 IS1 → Agent1 EventAck: the trace records no violation, the catalog finds UNMATCHED_RESPONSE (EventAck answers referenceId 4, but RequestAccept 4 was already answered by EventAck)');
});

test('what the trace records and the catalog does not find is listed, and dropped from the trace', () => {
  const bogus = { code: 'MISSING_ATTRIBUTE' as const, severity: 'error' as const, message: 'EventInvite is missing required attribute TicketId (int)', attribute: 'TicketId' };
  const t = new TraceBuilder()
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'X' } }, { violations: [bogus] })
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 'x' }, { violations: [bogus] })
    .trace(100);
  const { trace, differences } = revalidate(t);
  assert.deepEqual(trace.entries.map(codes), [[], ['WRONG_TYPE', 'MISSING_ATTRIBUTE']]);
  assert.equal(describeDifference(differences[0]), 'seq 1 IS1 → Agent1 EventInvite: the trace records MISSING_ATTRIBUTE (EventInvite is missing required attribute TicketId (int)), the catalog does not find it');
  // The recorded MISSING_ATTRIBUTE is about TicketId; the catalog's is about Interaction: a different finding.
  assert.match(describeDifference(differences[1]), /^seq 2 IS1 → Agent1 EventInvite: the trace records MISSING_ATTRIBUTE \(.*\), the catalog finds WRONG_TYPE \(.*\); MISSING_ATTRIBUTE \(EventInvite is missing required attribute Interaction \(kv\)\) instead$/);
});

test('a message another recorder wrote under its alias gets its catalog name; the alias is found and kept', () => {
  const t = new TraceBuilder().msg('IS1', 'Stat1', 'EventInteractionSubmited', { InteractionId: 'X' }, { protocol: 'Reporting' }).trace(100);
  const { trace, differences } = revalidate(t);
  const m = trace.entries[0] as TraceMessage;
  assert.deepEqual([m.message, m.alias, codes(m)], ['EventInteractionSubmitted', 'EventInteractionSubmited', ['ALIAS_USED']]);
  assert.equal(differences.length, 1);
});
