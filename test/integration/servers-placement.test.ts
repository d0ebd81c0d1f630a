import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { seen, settle } from './servers-fixture.ts';

/** The agent variants forbid an EventRouteUsed to URS for 300 ms after the placement: the run outlasts that window. */
const NEVER_WINDOW_MS = 350;
import { check, expectVerdict, flow, messages, recordedCast, submitted } from './queues-kit.ts';

// GenEM Place Interaction in Queue and Place Interaction in Workbin on real sockets: what the reference
// Interaction Server sends, that it conforms to the models, and that each named fault fails them at the
// step it breaks.

test('URS places an interaction in a queue: the strategy leaves, it is placed, and EventRouteUsed answers the RequestRouteCall', async () => {
  const { cast, rec, stop } = await recordedCast();
  try {
    const id = await submitted(cast);
    const from = flow(rec).length;
    const answer = await cast.urs.place(id, { queue: 'escalations' });
    assert.equal(answer.message, 'EventRouteUsed');
    await seen(cast.obs, (m) => m.canonical === 'EventPlacedInQueue' && m.envelope.attributes.Queue === 'escalations');
    assert.deepEqual(flow(rec).slice(from), ['URS1 → IS1 RequestRouteCall', 'IS1 → Stat EventPartyRemoved', 'IS1 → Stat EventPlacedInQueue', 'IS1 → URS1 EventRouteUsed']);
    const [request, , placed, used] = messages(rec).slice(from);
    assert.equal(used.referenceId, request.referenceId);
    assert.equal(placed.attributes.RouterId, 'URS1');
    assert.deepEqual(cast.is.state().interactions.find((i) => i.id === id), { id, state: 'queued', queue: 'escalations', mediaType: 'email', parties: [] });
  } finally {
    await stop();
  }
  expectVerdict(await check('place-interaction-in-queue', 'by-urs', rec), 'pass');
});

test('the agent places the interaction it pulled in a queue: EventAck, its party leaves, URS hears nothing', async () => {
  const { cast, rec, stop } = await recordedCast();
  try {
    const id = await submitted(cast);
    assert.equal((await cast.agent.ask('RequestPull', { InteractionId: id })).message, 'EventPulledInteractions');
    const from = flow(rec).length;
    const answer = await cast.agent.ask('RequestPlaceInQueue', { InteractionId: id, Queue: 'escalations' });
    assert.equal(answer.message, 'EventAck');
    await seen(cast.obs, (m) => m.canonical === 'EventPlacedInQueue' && m.envelope.attributes.Queue === 'escalations');
    assert.deepEqual(flow(rec).slice(from), ['Agent1 → IS1 RequestPlaceInQueue', 'IS1 → Agent1 EventAck', 'IS1 → Stat EventPartyRemoved', 'IS1 → Stat EventPlacedInQueue']);
    assert.equal(messages(rec).slice(from)[2].attributes.AgentId, 'a1');
    // Placing it ended the agent's handling, and with it the processing timer.
    assert.deepEqual(cast.is.state().interactions.find((i) => i.id === id)?.state, 'queued');
    assert.deepEqual(cast.is.state().processing, []);
    await settle(NEVER_WINDOW_MS);
  } finally {
    await stop();
  }
  expectVerdict(await check('place-interaction-in-queue', 'by-agent', rec), 'pass');
});

test('only the handling agent places an interaction; URS places only what it routes', async () => {
  const { cast, stop } = await recordedCast();
  try {
    const id = await submitted(cast);
    const refused = await cast.agent.ask('RequestPlaceInQueue', { InteractionId: id, Queue: 'escalations' });
    assert.equal(refused.message, 'EventError');
    assert.equal(refused.attributes.ErrorCode, 53);
    await cast.agent.ask('RequestPull', { InteractionId: id });
    const answer = await cast.urs.place(id, { queue: 'escalations' });
    assert.equal(answer.message, 'EventError');
    assert.match(String(answer.attributes.ErrorMessage), /handled by agent a1; URS places only an interaction it is routing/);
    const unknown = await cast.urs.place('00000000000000FF', { queue: 'escalations' });
    assert.equal(unknown.attributes.ErrorCode, 56);
  } finally {
    await stop();
  }
});

test('URS places an interaction in an agent workbin: EventPlacedInQueue and EventPlacedInWorkbin, its subscriber hears, its content lists it', async () => {
  const { cast, rec, stop } = await recordedCast();
  try {
    assert.equal((await cast.agent.ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Drafts' })).message, 'EventAck');
    const id = await submitted(cast);
    const from = flow(rec).length;
    assert.equal((await cast.urs.place(id, { workbin: 'Drafts', owner: 'a1' })).message, 'EventRouteUsed');
    const changed = await cast.agent.waitForMessage('EventWorkbinContentChanged');
    assert.deepEqual(changed.envelope.attributes, { WorkbinTypeId: 'Drafts', WorkbinAgentId: 'a1', InteractionId: id, Operation: 'Added' });
    assert.deepEqual(flow(rec).slice(from).sort(), [
      'IS1 → Agent1 EventWorkbinContentChanged', 'IS1 → Stat EventPartyRemoved', 'IS1 → Stat EventPlacedInQueue', 'IS1 → Stat EventPlacedInWorkbin', 'IS1 → URS1 EventRouteUsed', 'URS1 → IS1 RequestRouteCall',
    ]);
    const content = await cast.agent.ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts' });
    assert.equal(content.message, 'EventWorkbinContent');
    assert.deepEqual(content.attributes.Interactions, [{ InteractionId: id, InteractionMediatype: 'email', InteractionType: 'Inbound', InteractionQueue: 'Drafts' }]);
  } finally {
    await stop();
  }
  expectVerdict(await check('place-interaction-in-workbin', 'by-urs', rec), 'pass');
});

test('the agent places the interaction it handles in its own workbin: EventAck, and the workbin events', async () => {
  const { cast, rec, stop } = await recordedCast();
  try {
    await cast.agent.ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Drafts' });
    const id = await submitted(cast);
    await cast.agent.ask('RequestPull', { InteractionId: id });
    // A workbin type the server does not have, and an agent-group workbin (not built), are refused.
    const archive = await cast.agent.ask('RequestPlaceInWorkbin', { InteractionId: id, WorkbinTypeId: 'Archive' });
    assert.deepEqual([archive.attributes.ErrorCode, archive.attributes.ErrorDescription], [53, 'RequestPlaceInWorkbin: workbin "Archive" is not registered on IS1 (workbins: Drafts)']);
    const group = await cast.agent.ask('RequestPlaceInWorkbin', { InteractionId: id, WorkbinTypeId: 'Drafts', WorkbinGroupId: 'Sales' });
    assert.equal(group.attributes.ErrorCode, 51);
    assert.equal((await cast.agent.ask('RequestPlaceInWorkbin', { InteractionId: id, WorkbinTypeId: 'Drafts' })).message, 'EventAck');
    await cast.agent.waitForMessage('EventWorkbinContentChanged');
    await seen(cast.obs, (m) => m.canonical === 'EventPlacedInWorkbin');
    await settle(NEVER_WINDOW_MS);
  } finally {
    await stop();
  }
  expectVerdict(await check('place-interaction-in-workbin', 'by-agent', rec), 'pass');
});

test('fault omitPlacedInQueue fails Place Interaction in Queue at EventPlacedInQueue; omitWorkbinContentChanged fails Place Interaction in Workbin at EventWorkbinContentChanged', async () => {
  const queue = await recordedCast({ faults: ['omitPlacedInQueue'] });
  try {
    await queue.cast.urs.place(await submitted(queue.cast), { queue: 'escalations' });
  } finally {
    await queue.stop();
  }
  const q = await check('place-interaction-in-queue', 'by-urs', queue.rec);
  assert.equal(q.verdict, 'fail', explain(q));
  assert.match(explain(q), /missing ixn → stat EventPlacedInQueue \(Reporting\)\n\s+model step urs-places-in-queue\.2\.2 at scenarios\/place-interaction-in-queue\.yaml:\d+:\d+/);

  const workbin = await recordedCast({ faults: ['omitWorkbinContentChanged'] });
  try {
    await workbin.cast.agent.ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Drafts' });
    await workbin.cast.urs.place(await submitted(workbin.cast), { workbin: 'Drafts', owner: 'a1' });
    await seen(workbin.cast.obs, (m) => m.canonical === 'EventPlacedInWorkbin');
  } finally {
    await workbin.stop();
  }
  const w = await check('place-interaction-in-workbin', 'by-urs', workbin.rec);
  assert.equal(w.verdict, 'fail', explain(w));
  assert.match(explain(w), /missing ixn → agent EventWorkbinContentChanged \(Interaction Management\)\n\s+model step urs-places-in-workbin\.2\.5/);
});

test('an interaction URS moves on from a workbin leaves it (its subscribers hear Removed); one waiting in a workbin is pulled, not delivered', async () => {
  const { cast, stop } = await recordedCast();
  try {
    await cast.agent.ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Drafts' });
    const id = await submitted(cast);
    await cast.urs.place(id, { workbin: 'Drafts', owner: 'a1' });
    const refused = await cast.urs.route(id, { agentId: 'a1', placeId: 'p1' });
    assert.equal(refused.result, 'error');
    assert.match(String(refused.answer?.attributes.ErrorMessage), /waits in workbin Drafts of agent a1; an agent pulls it from there/);
    assert.equal((await cast.urs.place(id, { queue: 'escalations' })).message, 'EventRouteUsed');
    const removed = await cast.agent.waitForMessage('EventWorkbinContentChanged', (m) => m.envelope.attributes.Operation === 'Removed');
    assert.equal(removed.envelope.attributes.InteractionId, id);
    assert.deepEqual((await cast.agent.ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts' })).attributes.Interactions, []);
  } finally {
    await stop();
  }
});
