import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain } from '../../src/flow/explain.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import { report, withSteps } from './loader-fixture.ts';

// `before: { timer, since }`: a deadline. The Deliver model's accept must come before the delivering
// timer (200 ms in the golden traces) expires, counted from the invite at 123 ms; tolerance 250 ms.

const deliver = (await loadModel('scenarios/deliver-interaction-to-agent.yaml')).model as FlowModel;
const timers = { delivering: 200 };
const lines = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'golden', 'accept-conformant.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

/** The conformant accept with every message from the accept on shifted by `shift` ms, cut after `keep` entries when given. */
function acceptAt(shift: number, keep?: number) {
  const out = lines.map((l) => (l.type === 'message' && Number(l.seq) >= 12 ? { ...l, t: Number(l.t) + shift } : l));
  const cut = keep === undefined ? out : out.slice(0, keep + 1); // header + keep entries, no footer
  return parseTrace(cut.map((l) => JSON.stringify(l)).join('\n') + '\n').trace!;
}

test('an accept before the deadline passes; within its tolerance too', () => {
  assert.equal(matchTrace(deliver, acceptAt(0), { variant: 'accept', timers }).verdict, 'pass');
  // invite at 123, accept at 173 + 370 = 543: 420 ms after it, inside 200 + 250
  assert.equal(matchTrace(deliver, acceptAt(370), { variant: 'accept', timers }).verdict, 'pass');
});

test('an accept past the deadline fails, naming the timer and the step it counts from', () => {
  const r = matchTrace(deliver, acceptAt(450), { variant: 'accept', timers });
  assert.equal(r.verdict, 'fail');
  assert.match(explain(r), /wrong time for agent → ixn RequestAccept \(Interaction Management\)\n.*\n.*seq 12 came 500 ms after seq 11 \(step invite\), after its deadline: timer delivering expires after 200 ms \(give or take 250 ms\), and it must come before/);
});

test('a trace cut before the deadline ran out cannot show the accept never came: inconc', () => {
  const r = matchTrace(deliver, acceptAt(0, 11), { variant: 'accept', timers });
  assert.equal(r.verdict, 'inconc');
  assert.match(explain(r), /before the deadline of the delivering timer \(200 ms\) ran out/);
});

test('before names a declared timer and a step id, as after does', () => {
  const errors = report(withSteps('- { id: invite, from: ixn, to: agent, message: EventInvite }', '- { from: agent, to: ixn, message: RequestAccept, before: { timer: delivring, since: invte } }'));
  assert.match(errors.join('\n'), /unknown timer delivring[\s\S]*did you mean delivering\?/);
  assert.match(errors.join('\n'), /FLOW_UNKNOWN_STEP unknown step id invte[\s\S]*did you mean invite\?/);
});
