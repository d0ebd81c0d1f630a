import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { InstanceResult, MatchResult } from '../../src/flow/result.ts';
import { TraceBuilder, anyOrder, def, m, optional } from './matcher-kit.ts';

/** explain(): the text people read. Most texts are checked with the matcher tests; here, its own rules. */

const loc = { file: 'scenarios/x.yaml', line: 9, col: 5 };

function instance(key: Record<string, unknown>, verdict: InstanceResult['verdict'], extra: Partial<InstanceResult> = {}): InstanceResult {
  return { key, verdict, matched: [], phases: [], captures: {}, participants: {}, aliasesUsed: [], ...extra };
}

function result(instances: InstanceResult[], verdict: MatchResult['verdict'], extra: Partial<MatchResult> = {}): MatchResult {
  return {
    verdict, summary: `${verdict}: x`, model: { name: 'Deliver', file: 'scenarios/x.yaml', hash: 'h' }, variant: 'accept',
    instances, notStarted: [], problems: [], stats: { entries: 0, messages: 0, instances: instances.length }, ...extra,
  };
}

test('the header counts the instances that decided the verdict; passed instances are not listed', () => {
  const r = result([
    instance({ interaction: 'A' }, 'pass'),
    instance({ interaction: 'B' }, 'inconc', { reason: 'the trace ends 1 ms into a 2 ms window of never a → b X' }),
    instance({ interaction: 'C' }, 'fail', {
      participants: { agent: 'Agent1', ixn: 'IS1' },
      divergence: {
        kind: 'timing', expected: 'agent → ixn RequestAccept (Interaction Management) with TicketId $t (= 1)',
        step: { id: 'acc', phase: 'p', loc, describe: 'agent → ixn RequestAccept' },
        observed: { seq: 4, t: 900, from: 'Agent1', to: 'IS1', protocol: 'InteractionManagement', message: 'RequestAccept' },
        detail: 'seq 4 came 900 ms after seq 3, later than the 100 ms allowed',
      },
    }),
  ], 'fail');
  assert.equal(explain(r), [
    'FAIL Deliver, variant accept — 1 of 3 instances failed',
    '  interaction B: inconclusive — the trace ends 1 ms into a 2 ms window of never a → b X',
    '  interaction C: wrong time for agent → ixn RequestAccept (Interaction Management)',
    '    model step acc at scenarios/x.yaml:9:5',
    '    seq 4 came 900 ms after seq 3, later than the 100 ms allowed',
  ].join('\n'));
});

test('observed messages are named by model participant where the instance bound them, by trace name otherwise', () => {
  const r = result([
    instance({ interaction: 'A', agent: 'a1' }, 'fail', {
      participants: { agent: 'Agent1' },
      divergence: {
        kind: 'unexpected', expected: 'x',
        observed: { seq: 7, t: 1, from: 'IS1', to: 'Agent1', protocol: 'InteractionManagement', message: 'EventError' },
      },
    }),
  ], 'fail');
  assert.equal(explain(r), 'FAIL Deliver, variant accept — 1 of 1 instance failed\n  interaction A, agent a1: unexpected seq 7 IS1 → agent EventError');
});

test('a result that could not be matched at all says why in its header', () => {
  const r = result([], 'error', { summary: "error: the model has no variant 'x' (it has accept)" });
  assert.equal(explain(r), "ERROR Deliver, variant accept — the model has no variant 'x' (it has accept)");
});

test('instances seen but never started are counted, their first seqs shown up to five', () => {
  const notStarted = [3, 5, 8, 13, 21, 34].map((firstSeq) => ({ key: { i: String(firstSeq) }, firstSeq }));
  const r = result([instance({ i: 'A' }, 'pass')], 'pass', { notStarted });
  assert.equal(explain(r), 'PASS Deliver, variant accept — 1 of 1 instance passed\n  6 instances seen but never started (first seq 3, 5, 8, 13, 21, …)');
});

test('a model whose alternatives explode is an error of the instance, not a hang', () => {
  const names = ['EventPartyRemoved', 'EventAgentInvited', 'EventPartyAdded', 'EventRejected', 'EventRevoked', 'EventPlacedInQueue', 'EventInteractionSubmitted'];
  const model = def(() => [anyOrder(...[...names, ...names].map((n) => optional(m('ixn', 'stat', n, { InteractionId: '$any' }))))]);
  const r = matchTrace(model, new TraceBuilder().msg('IS1', 'Stat1', 'EventRejected', { InteractionId: '1' }).trace(100), { variant: 'v' });
  assert.equal(explain(r), [
    'ERROR Test Model, variant v — 1 of 1 instance could not be matched',
    "  the trace: error — the model's alternatives reached more than 5000 simultaneous positions (large any-order blocks with optional steps?)",
  ].join('\n'));
});
