import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Violation } from '../../src/catalog/types.ts';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MessageStep } from '../../src/flow/model.ts';
import { load, withSteps } from './loader-fixture.ts';
import { TraceBuilder, def, m } from './matcher-kit.ts';

/** `violates:` — a message step that expects the message to break the catalog (a request sent bad on purpose). */

const missingTicket: Violation = { code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'RequestAccept is missing required attribute TicketId (int)', attribute: 'TicketId' };
const wrongType: Violation = { code: 'WRONG_TYPE', severity: 'error', message: 'InteractionId must be string', attribute: 'InteractionId' };

const badAccept = () =>
  def(() => {
    const s = m('agent', 'ixn', 'RequestAccept', { TicketId: '$absent' });
    s.violates = ['MISSING_ATTRIBUTE'];
    return [s, m('ixn', 'agent', 'EventError', { ErrorCode: '$any' })];
  });

const trace = (violations: Violation[]) =>
  new TraceBuilder()
    .msg('Agent1', 'IS1', 'RequestAccept', { InteractionId: 'A' }, { ref: 1, violations })
    .msg('IS1', 'Agent1', 'EventError', { ErrorCode: 53 }, { ref: 1 })
    .trace(100);

test('a step that expects a violation passes on a message showing it: the finding is not a protocol divergence', () => {
  const r = matchTrace(badAccept(), trace([missingTicket]), { variant: 'v' });
  assert.equal(r.verdict, 'pass', explain(r));
});

test('it does not fit a message that conforms: the request was not the bad one the model asks for', () => {
  const r = matchTrace(badAccept(), trace([]), { variant: 'v' });
  assert.equal(r.verdict, 'fail');
  assert.match(explain(r), /violations: expected breaks the catalog with MISSING_ATTRIBUTE, got none/);
});

test('a finding the step does not expect still fails the flow as a protocol violation', () => {
  const r = matchTrace(badAccept(), trace([missingTicket, wrongType]), { variant: 'v' });
  assert.equal(r.verdict, 'fail');
  assert.match(explain(r), /protocol violation in seq 1[^]*WRONG_TYPE: InteractionId must be string/);
  assert.doesNotMatch(explain(r), /MISSING_ATTRIBUTE:/);
});

test('the loader reads violates: as a list of attribute findings and refuses others with a did-you-mean', () => {
  const ok = load(withSteps('- { from: agent, to: ixn, message: RequestAccept, violates: [MISSING_ATTRIBUTE] }'));
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual((ok.model!.phases.p.body.steps[0] as MessageStep).violates, ['MISSING_ATTRIBUTE']);
  const bad = load(withSteps('- { from: agent, to: ixn, message: RequestAccept, violates: [MISSING_ATRIBUTE, UNMATCHED_RESPONSE] }'));
  assert.deepEqual(bad.diagnostics.map((d) => [d.code, d.hint]), [
    ['FLOW_UNKNOWN_VIOLATION', 'did you mean MISSING_ATTRIBUTE?'],
    ['FLOW_UNKNOWN_VIOLATION', undefined],
  ]);
});
