import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { loadModel, parseModel } from '../../src/flow/loader.ts';

/** Checks across the whole model: correlate against the opening steps, participants no step uses. */

const model = (head: string[], steps: string[], variants = ['  v: { phases: [p] }']) =>
  [...head, 'phases:', '  p:', '    title: P', '    steps:', ...steps.map((s) => `      ${s}`), 'variants:', ...variants].join('\n') + '\n';

const HEAD = ['model: T', 'participants:', '  ms: { role: MediaServer }', '  ixn: { role: InteractionServer }', 'correlate: [interaction]'];
const report = (text: string) => parseModel(text, 'm.yaml').diagnostics.map(formatDiagnostic);

test('correlate on a capture the opening step never binds is an error at the correlate entry', () => {
  const text = model(HEAD, [
    '- { from: ms, to: ixn, message: RequestSubmit, attributes: { MediaType: chat, InteractionType: Inbound } }',
    '- { from: ixn, to: ms, message: EventAck, attributes: { InteractionId: $interaction } }',
  ]);
  assert.deepEqual(report(text), [
    'm.yaml:5:13 error FLOW_CORRELATE_UNBOUND correlate names interaction, which the opening step RequestSubmit (line 10) never binds: no instance can begin there\n' +
      '    expected: a capture the opening step binds (it binds none)\n' +
      '    hint: the opening step RequestSubmit carries no $interaction; correlate on a capture the first step binds, or drop correlate',
  ]);
  assert.equal(parseModel(text, 'm.yaml').model, undefined);
});

test('every step a variant can open with must bind it: after an optional step, in any order, in each variant', () => {
  const submit = '- { from: ms, to: ixn, message: RequestSubmit, attributes: { MediaType: chat, InteractionType: Inbound, InteractionId: $interaction } }';
  assert.deepEqual(report(model(HEAD, [submit])), []);
  const optionalFirst = model(HEAD, ['- optional:', '    - { from: ixn, to: ms, message: EventAck }', submit]);
  assert.match(report(optionalFirst).join('\n'), /FLOW_CORRELATE_UNBOUND correlate names interaction, which the opening step EventAck \(line 11\) never binds/);
  const anyOrder = model(HEAD, ['- any-order:', `    ${submit}`, '    - { from: ixn, to: ms, message: EventAck }']);
  assert.match(report(anyOrder).join('\n'), /which the opening step EventAck \(line 12\) never binds/);
  const twoVariants = [
    'model: T', 'participants:', '  ms: { role: MediaServer }', '  ixn: { role: InteractionServer }', 'correlate: [interaction]',
    'phases:', '  a:', '    title: A', '    steps:', `      ${submit}`, '  b:', '    title: B', '    steps:', '      - { from: ixn, to: ms, message: EventAck }',
    'variants:', '  both: { phases: [a, b] }', '  ack-only: { phases: [b] }',
  ].join('\n');
  assert.match(report(twoVariants).join('\n'), /which the opening step EventAck \(line 14\) never binds/);
});

test('a participant no step names is a warning at its declaration; the model still loads', () => {
  const head = ['model: T', 'participants:', '  ms: { role: MediaServer }', '  ixn: { role: InteractionServer }', '  stat: { role: StatServer }'];
  const r = parseModel(model(head, ['- { from: ms, to: ixn, message: RequestSubmit, attributes: { MediaType: chat, InteractionType: Inbound } }']), 'm.yaml');
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'm.yaml:5:3 warning FLOW_PARTICIPANT_UNUSED participant stat is declared but no step sends or receives through it\n' +
      '    expected: a participant some step names in from or to\n' +
      "    hint: remove it, or name stat in a step's from or to",
  ]);
  assert.ok(r.model);
});

test('a participant named only by a never step, by a step with errors, or by a list param default is used', () => {
  const head = ['model: T', 'participants:', '  ms: { role: MediaServer }', '  ixn: { role: InteractionServer }', '  stat: { role: StatServer }', '  urs: { role: URS }', '  ixn2: { role: InteractionServer }', 'params:', '  servers: { type: list, default: [ixn2] }'];
  const text = model(head, [
    '- { from: ms, to: ixn, message: RequestSubmit, attributes: { MediaType: chat, InteractionType: Inbound } }',
    '- never: { from: ixn, to: stat, message: EventRevoked }',
    '  window: 100',
    '- { from: urs, to: ixn, message: RequestRouteCal }',
  ]);
  assert.deepEqual(parseModel(text, 'm.yaml').diagnostics.map((d) => d.code), ['FLOW_UNKNOWN_MESSAGE']);
});

test('a model whose steps have errors is not also blamed for what those steps would have opened', () => {
  const text = model(HEAD, ['- { from: ms, to: ixn, message: RequestSubmt, attributes: { InteractionId: $interaction } }', '- { from: ixn, to: ms, message: EventAck }']);
  assert.deepEqual(parseModel(text, 'm.yaml').diagnostics.map((d) => d.code), ['FLOW_UNKNOWN_MESSAGE']);
});

test('the shipped model lints clean', async () => {
  assert.deepEqual((await loadModel('scenarios/deliver-interaction-to-agent.yaml')).diagnostics, []);
});
