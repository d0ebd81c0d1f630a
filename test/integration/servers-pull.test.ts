import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import { processingRace } from '../../src/session/processing-race.ts';
import { seen } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';
import { check, expectPassUnlessLagged, expectVerdict, flow, messages, recordedCast, submitted } from './queues-kit.ts';

// GenEM Agent Pulls Interaction and Workbin Operations on real sockets: the pull, the processing
// (handling) timer that every request resets, its timeout, the workbin requests and their refusals, and
// the named faults that fail the models at the step they break.

/** Long enough that a request halfway through it comes first even on a loaded machine. */
const HANDLING_MS = 600;

function revoked(cast: DeliverCast, id: string) {
  return seen(cast.obs, (m) => m.canonical === 'EventRevoked' && (m.envelope.attributes.Interaction as Record<string, unknown>)?.InteractionId === id, 5000);
}

/** The revoked interaction is back in its queue: the second EventPlacedInQueue (the first was the submit's). */
function placedAgain(cast: DeliverCast) {
  return seen(cast.obs, (m) => m.canonical === 'EventPlacedInQueue' && cast.obs.messages().filter((x) => x.canonical === 'EventPlacedInQueue').length === 2);
}

test('an agent pulls an interaction from a queue: EventPulledInteractions answers, the reporting engine hears, the processing timer runs', async () => {
  const { cast, rec, stop } = await recordedCast({ handlingTimeoutOverrideMs: 60_000 });
  try {
    const id = await submitted(cast);
    const from = flow(rec).length;
    const answer = await cast.agent.ask('RequestPull', { InteractionId: id, ViewId: 'MyView' });
    assert.equal(answer.message, 'EventPulledInteractions');
    assert.deepEqual(answer.attributes.Interactions, { [id]: { InteractionId: id, InteractionMediatype: 'email', InteractionType: 'Inbound', InteractionQueue: 'inbound' } });
    await seen(cast.obs, (m) => m.canonical === 'EventTakenFromQueue');
    assert.deepEqual(flow(rec).slice(from), ['Agent1 → IS1 RequestPull', 'IS1 → Agent1 EventPulledInteractions', 'IS1 → Stat EventPartyAdded', 'IS1 → Stat EventTakenFromQueue']);
    const taken = messages(rec).slice(from)[3].attributes;
    assert.deepEqual([taken.Queue, taken.TargetAgentId, taken.TargetPlaceId, taken.ViewId], ['inbound', 'a1', 'p1', 'MyView']);
    assert.deepEqual(cast.is.state().interactions.find((i) => i.id === id)?.parties, ['a1']);
    assert.deepEqual(cast.is.state().processing, [{ interactionId: id, agentId: 'a1' }]);
    // Pulled once, it waits in no queue: a second pull is refused.
    assert.equal((await cast.agent.ask('RequestPull', { InteractionId: id })).attributes.ErrorCode, 53);
  } finally {
    await stop();
  }
  expectVerdict(await check('agent-pulls-interaction', 'from-queue', rec), 'pass');
});

test('an agent pulls an interaction from a workbin: also EventTakenFromWorkbin, and the subscribers hear it left', async () => {
  const { cast, rec, stop } = await recordedCast({ handlingTimeoutOverrideMs: 60_000 });
  try {
    await cast.agent.ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Drafts' });
    const id = await submitted(cast);
    await cast.urs.place(id, { workbin: 'Drafts', owner: 'a1' });
    await cast.agent.waitForMessage('EventWorkbinContentChanged', (m) => m.envelope.attributes.Operation === 'Added');
    assert.equal((await cast.agent.ask('RequestPull', { InteractionId: id })).message, 'EventPulledInteractions');
    const removed = await cast.agent.waitForMessage('EventWorkbinContentChanged', (m) => m.envelope.attributes.Operation === 'Removed');
    assert.equal(removed.envelope.attributes.InteractionId, id);
    await seen(cast.obs, (m) => m.canonical === 'EventTakenFromWorkbin' && m.envelope.attributes.WorkbinAgentId === 'a1');
    assert.deepEqual((await cast.agent.ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts' })).attributes.Interactions, []);
  } finally {
    await stop();
  }
  expectVerdict(await check('agent-pulls-interaction', 'from-workbin', rec), 'pass');
});

test('no processing: the timer revokes the interaction — EventPartyRemoved, EventRevoked — and returns it to its queue', async () => {
  const { cast, rec, stop } = await recordedCast({ handlingTimeoutOverrideMs: HANDLING_MS });
  try {
    const id = await submitted(cast);
    await cast.agent.ask('RequestPull', { InteractionId: id });
    const from = flow(rec).length;
    await revoked(cast, id);
    await placedAgain(cast);
    assert.deepEqual(flow(rec).slice(from), ['IS1 → Stat EventPartyRemoved', 'IS1 → Agent1 EventRevoked', 'IS1 → Stat EventPlacedInQueue']);
    assert.equal(cast.is.state().interactions.find((i) => i.id === id)?.state, 'queued');
  } finally {
    await stop();
  }
  expectPassUnlessLagged(await check('agent-pulls-interaction', 'timeout', rec, { handling: HANDLING_MS }));
});

test('processing occurs: any request from the handling agent — RequestNotReadyForMedia here — starts the timer again', async () => {
  const { cast, rec, stop } = await recordedCast({ handlingTimeoutOverrideMs: HANDLING_MS });
  try {
    const id = await submitted(cast);
    await cast.agent.ask('RequestPull', { InteractionId: id });
    // Halfway into the timer (the point of the test is a request before it expires).
    await new Promise((r) => setTimeout(r, HANDLING_MS / 2));
    await cast.agent.notReady('email');
    await revoked(cast, id);
  } finally {
    await stop();
  }
  const all = messages(rec);
  const pull = all.find((m) => m.message === 'RequestPull')!;
  const request = all.find((m) => m.message === 'RequestNotReadyForMedia')!;
  const revoke = all.find((m) => m.message === 'EventRevoked')!;
  assert.ok(request.seq < revoke.seq, `the request (seq ${request.seq}) came after the revoke (seq ${revoke.seq}): this machine lagged past the ${HANDLING_MS} ms timer`);
  // A timer never fires early, so a reset one fires no sooner than a whole timer after the request (1 ms for clock rounding).
  assert.ok(revoke.t - request.t >= HANDLING_MS - 1, `revoked ${revoke.t - request.t} ms after the request, ${revoke.t - pull.t} ms after the pull: the request did not reset the timer`);
});

test('the processing variant passes when the agent asks for its workbin mid-timer, and fault handlingTimerNotReset fails it at the revoke, too early', async (t) => {
  for (const faults of [[], ['handlingTimerNotReset']] as const) {
    const { cast, rec, stop } = await recordedCast({ handlingTimeoutOverrideMs: HANDLING_MS, faults });
    let id = '';
    try {
      id = await submitted(cast);
      await cast.agent.ask('RequestPull', { InteractionId: id });
      await new Promise((r) => setTimeout(r, HANDLING_MS / 2));
      await cast.agent.ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts' });
      await revoked(cast, id);
      await placedAgain(cast);
    } finally {
      await stop();
    }
    // This machine lagged the request past the timer: nothing here can show a reset (the step's own rule).
    const race = processingRace(rec.snapshot(), 'Agent1', id, 'RequestGetWorkbinContent', HANDLING_MS);
    if (race !== undefined) {
      t.diagnostic(race);
      continue;
    }
    const result = await check('agent-pulls-interaction', 'processing', rec, { handling: HANDLING_MS });
    if (faults.length === 0) {
      expectPassUnlessLagged(result);
      continue;
    }
    assert.equal(result.verdict, 'fail', explain(result));
    assert.match(explain(result), /model step processing-occurs\.3\.1 at scenarios\/agent-pulls-interaction\.yaml:\d+:\d+/);
    assert.match(explain(result), /too early: timer handling expires after 600 ms/);
  }
});

test('workbin operations: content, notifications and their refusals — workbin or agent not registered, not subscribed, agent-group workbins not built', async () => {
  const { cast, rec, stop } = await recordedCast();
  try {
    const ask = async (message: string, attrs: Record<string, unknown>) => {
      const a = await cast.agent.ask(message, attrs);
      return a.message === 'EventError' ? `EventError ${String(a.attributes.ErrorCode)}` : a.message;
    };
    assert.equal(await ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts' }), 'EventWorkbinContent');
    assert.equal(await ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Archive' }), 'EventError 53');
    assert.equal(await ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts', WorkbinAgentId: 'nobody' }), 'EventError 192');
    assert.equal(await ask('RequestGetWorkbinContent', { WorkbinTypeId: 'Drafts', WorkbinGroupId: 'Sales' }), 'EventError 51');
    assert.equal(await ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Archive' }), 'EventError 53');
    assert.equal(await ask('RequestCancelWorkbinNotifications', { WorkbinTypeId: 'Drafts' }), 'EventError 53');
    assert.equal(await ask('RequestWorkbinNotifications', { WorkbinTypeId: 'Drafts' }), 'EventAck');
    assert.equal(await ask('RequestCancelWorkbinNotifications', { WorkbinTypeId: 'Drafts' }), 'EventAck');
    assert.equal(await ask('RequestCancelWorkbinNotifications', { WorkbinTypeId: 'Drafts' }), 'EventError 53');
  } finally {
    await stop();
  }
  expectVerdict(await check('workbin-operations', 'get-content', rec), 'pass');
});

test('fault ackCancelNotSubscribed fails Workbin Operations at the EventError a cancel nobody asked for must get', async () => {
  const { cast, rec, stop } = await recordedCast({ faults: ['ackCancelNotSubscribed'] });
  try {
    assert.equal((await cast.agent.ask('RequestCancelWorkbinNotifications', { WorkbinTypeId: 'Drafts' })).message, 'EventAck');
  } finally {
    await stop();
  }
  const result = await check('workbin-operations', 'cancel-notification-fails', rec);
  assert.equal(result.verdict, 'fail', explain(result));
  assert.match(explain(result), /missing ixn → agent EventError \(Interaction Management\)\n\s+model step cancel-notification-fails\.2 at scenarios\/workbin-operations\.yaml:\d+:\d+/);
});

test('a pulled interaction transferred to another agent takes its processing timer along: the revoke reaches the new handler', async () => {
  const { cast, rec, stop } = await recordedCast({ handlingTimeoutOverrideMs: HANDLING_MS });
  const agent2 = new ReferenceAgentApplication({ url: cast.is.url, name: 'Agent2', onInvite: 'accept' });
  try {
    await agent2.start();
    await agent2.login({ tenantId: 101, placeId: 'p2', agentId: 'a2', media: ['email'] });
    const id = await submitted(cast);
    await cast.agent.ask('RequestPull', { InteractionId: id });
    await cast.agent.transfer(id, { agentId: 'a2' });
    await revoked(cast, id);
  } finally {
    await agent2.stop();
    await stop();
  }
  const revokes = messages(rec).filter((m) => m.message === 'EventRevoked' && m.protocol === 'InteractionManagement');
  assert.deepEqual(revokes.map((m) => m.to), ['Agent2']);
});
