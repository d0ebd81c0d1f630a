import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './cli-kit.ts';

/**
 * `flowcert check` judges a trace on its content: hand-edited traces below say they have no violation
 * (or one that is not there), and the verdict follows what the catalog finds, the difference shown.
 */

const MODEL = ['--model', 'test/fixtures/cli/scenarios/accept-invite.yaml'];
const trace = (name: string) => `test/fixtures/cli/traces/${name}.ndjson`;

test('a TicketId sent as text fails the check, though the trace records no violation', async () => {
  const r = await cli(['check', trace('ticket-as-text'), ...MODEL]);
  assert.deepEqual(r, {
    code: 1,
    stderr: '',
    stdout:
      'FAIL Accept Invite, variant accept — 1 of 1 instance failed\n' +
      '  the trace: protocol violation in seq 1 ixn → agent EventInvite\n' +
      '    model step invite at test/fixtures/cli/scenarios/accept-invite.yaml:14:9\n' +
      '    WRONG_TYPE: EventInvite attribute TicketId is "7", expected an integer\n' +
      "the catalog re-checked the trace: its recorded violations differ at 2 messages; the verdict uses the catalog's\n" +
      '  seq 1 IS1 → Agent1 EventInvite: the trace records no violation, the catalog finds WRONG_TYPE (EventInvite attribute TicketId is "7", expected an integer)\n' +
      '  seq 2 Agent1 → IS1 RequestAccept: the trace records no violation, the catalog finds WRONG_TYPE (RequestAccept attribute TicketId is "7", expected an integer)\n',
  });
});

test('an EventAck echoing a referenceId never sent fails the check: the pairing is redone', async () => {
  const r = await cli(['check', trace('ack-never-asked'), ...MODEL]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^ {2}the trace: protocol violation in seq 3 ixn → agent EventAck\n/m);
  assert.match(r.stdout, /\n {4}UNMATCHED_RESPONSE: EventAck answers referenceId 9, but no request with referenceId 9 is pending from the other end\n/);
  assert.match(r.stdout, /\n {2}seq 3 IS1 → Agent1 EventAck: the trace records no violation, the catalog finds UNMATCHED_RESPONSE \(/);
});

test('a violation the trace records but the catalog does not find is reported, and does not fail the check', async () => {
  const r = await cli(['check', trace('false-violation'), ...MODEL]);
  assert.deepEqual(r, {
    code: 0,
    stderr: '',
    stdout:
      'PASS Accept Invite, variant accept — 1 of 1 instance passed\n' +
      "the catalog re-checked the trace: its recorded violations differ at 1 message; the verdict uses the catalog's\n" +
      '  seq 1 IS1 → Agent1 EventInvite: the trace records MISSING_ATTRIBUTE (EventInvite is missing required attribute TicketId (int)), the catalog does not find it\n',
  });
});

test('a trace whose violations are right prints no difference; --json lists the differences as data', async () => {
  assert.deepEqual(await cli(['check', trace('accepted'), ...MODEL]), { code: 0, stdout: 'PASS Accept Invite, variant accept — 1 of 1 instance passed\n', stderr: '' });
  const r = await cli(['check', trace('ack-never-asked'), ...MODEL, '--json']);
  const out = JSON.parse(r.stdout) as { verdict: string; violationDifferences: Array<{ seq: number; foundOnly: Array<{ code: string }> }> };
  assert.equal(out.verdict, 'fail');
  assert.deepEqual(out.violationDifferences.map((d) => [d.seq, d.foundOnly.map((v) => v.code)]), [[3, ['UNMATCHED_RESPONSE']]]);
});
