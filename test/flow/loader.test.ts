import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadModel, parseModel } from '../../src/flow/loader.ts';
import type { AnyOrderStep, FlowModel, MessageStep, NeverStep, OptionalStep, Step } from '../../src/flow/model.ts';

const DELIVER = 'scenarios/deliver-interaction-to-agent.yaml';

async function deliver(): Promise<FlowModel> {
  const r = await loadModel(DELIVER);
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.model);
  return r.model;
}

/** Every step of a tree, depth first, containers before their children. */
function flatten(s: Step): Step[] {
  switch (s.kind) {
    case 'sequence':
    case 'any-order':
      return [s, ...s.steps.flatMap(flatten)];
    case 'one-of':
      return [s, ...s.alternatives.flatMap(flatten)];
    case 'optional':
    case 'repeat':
    case 'for-each':
      return [s, ...flatten(s.body)];
    default:
      return [s];
  }
}

function stepById(m: FlowModel, id: string): Step {
  const all = Object.values(m.phases).flatMap((p) => flatten(p.body));
  const s = all.find((x) => x.id === id);
  assert.ok(s, `no step ${id}; ids: ${all.map((x) => x.id).join(', ')}`);
  return s;
}

test('the Deliver Interaction to Agent model loads with no diagnostic at all', async () => {
  const r = await loadModel(DELIVER);
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.model);
});

test('the Deliver model has the four GenEM phases, in order, and the three variants', async () => {
  const m = await deliver();
  assert.equal(m.name, 'Deliver Interaction to Agent');
  assert.match(m.source ?? '', /^GenEM: Deliver Interaction to Agent/);
  assert.deepEqual(
    Object.values(m.phases).map((p) => [p.id, p.title]),
    [
      ['urs-requests-delivery', 'URS Requests Delivery'],
      ['agent-accepts-delivery', 'Agent Accepts Delivery'],
      ['agent-rejects-delivery', 'Agent Rejects Delivery'],
      ['agent-fails-to-respond', 'Agent Fails to Respond in Time'],
    ],
  );
  assert.deepEqual(
    Object.values(m.variants).map((v) => [v.id, v.phases]),
    [
      ['accept', ['urs-requests-delivery', 'agent-accepts-delivery']],
      ['reject', ['urs-requests-delivery', 'agent-rejects-delivery']],
      ['timeout', ['urs-requests-delivery', 'agent-fails-to-respond']],
    ],
  );
  assert.deepEqual(Object.fromEntries(Object.values(m.participants).map((p) => [p.id, p.role])), {
    urs: 'URS',
    ixn: 'InteractionServer',
    agent: 'AgentApplication',
    stat: 'StatServer',
  });
  assert.deepEqual(m.timers, { delivering: 30000 });
  assert.equal(m.unexpected, 'fail');
  assert.deepEqual(m.correlate, ['interaction']);
});

test('the Deliver model writes down its choices: EventRouteUsed placement, the optional EventAck, the truncated timeout table', async () => {
  const notes = (await deliver()).notes.join('\n');
  assert.match(notes, /EventRouteUsed before the agent answers would tell URS the delivery succeeded before it did/);
  assert.match(notes, /PSDK clients wait for one after RequestAccept/);
  assert.match(notes, /truncated in the public copy/);
  assert.match(notes, /delivering-timeout, 30 s by default/);
});

test('message names resolve to their protocol through the direction: EventRevoked to the agent is IM, to Stat Server Reporting', async () => {
  const m = await deliver();
  const revokedToAgent = stepById(m, 'agent-fails-to-respond.1') as MessageStep;
  const revokedToStat = stepById(m, 'timeout-stat-revoked') as MessageStep;
  assert.deepEqual([revokedToAgent.message, revokedToAgent.protocol], ['EventRevoked', 'InteractionManagement']);
  assert.deepEqual([revokedToStat.message, revokedToStat.protocol], ['EventRevoked', 'Reporting']);
  assert.equal((stepById(m, 'route') as MessageStep).protocol, 'TLibrary');
});

test('steps get their user id or <phase>.<position>, their phase and their file:line:col', async () => {
  const m = await deliver();
  const route = stepById(m, 'route');
  assert.deepEqual([route.phase, route.loc], ['urs-requests-delivery', { file: DELIVER, line: 40, col: 9 }]);
  const invite = stepById(m, 'invite') as MessageStep;
  assert.deepEqual(invite.loc, { file: DELIVER, line: 55, col: 13 });
  const fanOut = stepById(m, 'urs-requests-delivery.2') as AnyOrderStep;
  assert.deepEqual(fanOut.steps.map((s) => s.id), ['urs-requests-delivery.2.1', 'urs-requests-delivery.2.2', 'invite', 'route-used-on-delivery']);
  const ack = stepById(m, 'agent-accepts-delivery.2.1') as OptionalStep;
  assert.equal(ack.kind, 'optional');
  assert.equal(ack.body.id, 'agent-accepts-delivery.2.1.body');
  assert.deepEqual(ack.body.steps.map((s) => [s.id, s.phase]), [['agent-accepts-delivery.2.1.1', 'agent-accepts-delivery']]);
  assert.equal(m.phases['agent-accepts-delivery'].body.id, 'agent-accepts-delivery');
});

test('the timeout phase waits for the delivering timer started at the invite; accept and reject forbid a revoke until it would expire', async () => {
  const m = await deliver();
  assert.deepEqual((stepById(m, 'agent-fails-to-respond.1') as MessageStep).timing, { after: { timer: 'delivering', since: 'invite' } });
  for (const id of ['agent-accepts-delivery.3', 'agent-rejects-delivery.3']) {
    const never = stepById(m, id) as NeverStep;
    assert.equal(never.kind, 'never');
    // No margin: the window keeps the timer's own tolerance (timerTolerance), so it shrinks with a shortened timer.
    assert.deepEqual(never.window, { kind: 'timer', timer: 'delivering' });
    assert.deepEqual(never.pattern, {
      from: 'ixn',
      to: 'agent',
      message: 'EventRevoked',
      protocol: 'InteractionManagement',
      attributes: { Interaction: { kind: 'kv', exact: false, fields: { InteractionId: { kind: 'capture', name: 'interaction' } } } },
    });
  }
});

test('the model carries the sha256 of the file bytes and the path as given', async () => {
  const m = await deliver();
  assert.equal(m.file, DELIVER);
  assert.equal(m.hash, createHash('sha256').update(readFileSync(DELIVER)).digest('hex'));
});

test('parseModel gives the same model as loadModel for the same text', async () => {
  const text = readFileSync(DELIVER, 'utf8');
  assert.deepEqual(parseModel(text, DELIVER), await loadModel(DELIVER));
});

test('a catalog alias in a model stands for the canonical name, without any diagnostic', () => {
  const r = parseModel(
    [
      'model: Reporting engine connects',
      'participants: { stat: { role: Reporting Engine }, ixn: { role: Interaction Server } }',
      'phases: { p: { title: P, steps: [ { from: stat, to: ixn, message: RequestStartPlaceAgentStateReportingAll } ] } }',
      'variants: { v: { phases: [p] } }',
    ].join('\n'),
    'alias.yaml',
  );
  assert.deepEqual(r.diagnostics, []);
  const step = r.model!.phases.p.body.steps[0] as MessageStep;
  assert.deepEqual([step.message, step.protocol], ['RequestStartPlaceAgentReportingAll', 'InteractionManagement']);
  assert.deepEqual(r.model!.participants.stat.role, 'StatServer');
});

test('a model with only warnings is returned with them', () => {
  const r = parseModel(
    [
      'model: W',
      'participants: { ixn: { role: InteractionServer }, agent: { role: AgentApplication } }',
      'phases: { p: { title: P, steps: [ { from: ixn, to: agent, message: EventInvite, attributes: { Vendor: x } } ] } }',
      'variants: { v: { phases: [p] } }',
    ].join('\n'),
    'w.yaml',
  );
  assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'FLOW_UNKNOWN_ATTRIBUTE']]);
  assert.ok(r.model);
});
