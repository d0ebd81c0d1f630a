import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inlineModel, parseAttributeList } from '../../src/session/inline-model.ts';
import type { TraceParticipant } from '../../src/trace/types.ts';

const PEOPLE: TraceParticipant[] = [
  { name: 'IS1', role: 'InteractionServer' },
  { name: "Agent1's desktop", role: 'AgentApplication' },
  { name: 'URS', role: 'URS' },
];

test('an attribute cell becomes matchers: YAML scalars, dotted names nest, brackets keep their commas', () => {
  assert.deepEqual(parseAttributeList('TicketId: 7, Interaction.InteractionId: $id, Queue: { $oneOf: [a, b] }, Note: "x, y"', 'here'), {
    TicketId: 7,
    Interaction: { InteractionId: '$id' },
    Queue: { $oneOf: ['a', 'b'] },
    Note: 'x, y',
  });
});

test('an attribute without a colon says what the cell must look like', () => {
  assert.throws(() => parseAttributeList('TicketId 7', 'features/x.feature:9'), {
    message: 'features/x.feature:9: "TicketId 7" is not "Name: value" (separate attributes with commas)',
  });
});

test('a table row becomes a model step between the named participants, pinned by name, located at the Gherkin step', () => {
  const model = inlineModel([{ from: 'IS1', to: "Agent1's desktop", message: 'EventInvite', attributes: 'TicketId: $t' }], PEOPLE, 'features/x.feature:9', { uri: 'features/x.feature', line: 9 });
  const step = model.phases.table.body.steps[0];
  assert.equal(step.kind, 'message');
  if (step.kind !== 'message') return;
  assert.equal(step.message, 'EventInvite');
  assert.equal(step.protocol, 'InteractionManagement');
  assert.deepEqual(step.attributes.TicketId, { kind: 'capture', name: 't' });
  assert.equal(model.participants[step.to].name, "Agent1's desktop");
  assert.deepEqual(step.loc, { file: 'features/x.feature', line: 9, col: 1 });
});

test('a participant the scenario does not have is named, with the ones it has', () => {
  assert.throws(() => inlineModel([{ from: 'IS2', to: 'URS', message: 'EventRouteUsed' }], PEOPLE, 'features/x.feature:9'), {
    message: `features/x.feature:9: no participant "IS2" in this scenario (known: "IS1", "Agent1's desktop", "URS")`,
  });
});

test('a message the catalog does not know fails with the loader\'s did-you-mean', () => {
  assert.throws(() => inlineModel([{ from: 'IS1', to: "Agent1's desktop", message: 'EventInvit' }], PEOPLE, 'features/x.feature:9'), (err: Error) => {
    assert.match(err.message, /^features\/x\.feature:9: the table is not a valid flow:\nerror FLOW_UNKNOWN_MESSAGE unknown message EventInvit/);
    assert.match(err.message, /did you mean EventInvite \(Interaction Management\)\?/);
    return true;
  });
});

test('a referenceId column checks pairing: the same capture in a request\'s row and its response\'s', async () => {
  const { matchTrace } = await import('../../src/flow/matcher.ts');
  const rows = [
    { from: "Agent1's desktop", to: 'IS1', message: 'RequestAccept', referenceId: '$accept' },
    { from: 'IS1', to: "Agent1's desktop", message: 'EventAck', referenceId: '$accept' },
  ];
  const model = inlineModel(rows, PEOPLE, 'features/x.feature:9');
  const step = model.phases.table.body.steps[1];
  assert.deepEqual(step.kind === 'message' && step.referenceId, { kind: 'capture', name: 'accept' });
  const msg = (seq: number, from: string, to: string, message: string, referenceId: number) => ({
    type: 'message' as const, seq, t: seq, from, to, connection: 'c1', protocol: 'InteractionManagement', message, referenceId, attributes: message === 'RequestAccept' ? { TicketId: 1, InteractionId: 'i' } : {}, violations: [],
  });
  const trace = (ackRef: number) => ({
    header: { type: 'header' as const, format: 'flowcert-trace/1' as const, flowcertVersion: '0', startedAt: '', participants: PEOPLE },
    entries: [msg(1, "Agent1's desktop", 'IS1', 'RequestAccept', 4), msg(2, 'IS1', "Agent1's desktop", 'EventAck', ackRef)],
    footer: { type: 'footer' as const, t: 10, entries: 2 },
  });
  assert.equal(matchTrace(model, trace(4), { variant: 'table' }).verdict, 'pass');
  const wrong = matchTrace(model, trace(5), { variant: 'table' });
  assert.equal(wrong.verdict, 'fail');
  assert.match(JSON.stringify(wrong.instances[0].divergence), /referenceId/);
});

test('a column a table of messages does not have is refused, with the closest one', () => {
  assert.throws(() => inlineModel([{ from: 'IS1', to: 'URS', message: 'EventRouteUsed', referenceID: '$r' } as never], PEOPLE, 'features/x.feature:9'), {
    message: 'features/x.feature:9: the table has a column "referenceID", which means nothing here — did you mean "referenceId"? (columns: from, to, message, protocol, attributes, referenceId)',
  });
});

test('values JSON cannot say (.inf) become the same matchers as the rest: quotes, unicode and nesting kept', () => {
  const row = (attributes: string) => {
    const step = inlineModel([{ from: 'IS1', to: "Agent1's desktop", message: 'EventInvite', attributes }], PEOPLE, 'features/x.feature:9').phases.table.body.steps[0];
    assert.equal(step.kind, 'message');
    return step.kind === 'message' ? step.attributes : {};
  };
  const subject = 'Interaction.Subject: "a \\"b\\" ü\\u2028", Queue: { $oneOf: [a, 7] }';
  const withInf = row(`Interaction.UserData.Score: .inf, ${subject}`);
  const plain = row(subject);
  const fields = (a: Record<string, unknown>) => (a.Interaction as { fields: Record<string, unknown> }).fields;
  assert.deepEqual(fields(withInf).UserData, { kind: 'kv', fields: { Score: { kind: 'exact', value: Infinity } }, exact: false });
  assert.deepEqual(fields(plain).Subject, { kind: 'exact', value: 'a "b" ü\u2028' });
  assert.deepEqual(fields(withInf).Subject, fields(plain).Subject);
  assert.deepEqual(withInf.Queue, plain.Queue);
});
