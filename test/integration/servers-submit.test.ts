import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import { ReferenceMediaServer } from '../../src/servers/media-server/media-server.ts';
import type { InteractionServerFaults } from '../../src/servers/interaction-server/options.ts';
import { seen, settle, startCast } from './servers-fixture.ts';
import { expectFailNaming, expectPass, matchRecorded, record } from './model-match.ts';

/**
 * GenEM Media Server Submits Interaction and Agent Submits Interaction on real sockets: the reference
 * servers pass every variant of both models; the EventError codes the reference chose; each fault fails
 * its model at the step it breaks. The refusal models forbid EventInteractionSubmitted for 500 ms: those
 * runs outlast that window.
 */

const NEVER_WINDOW_MS = 550;

async function refusal(p: Promise<unknown>): Promise<RequestRefusedError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof RequestRefusedError, `expected a refusal, got ${String(err)}`);
  return err;
}

test('a media server submits: EventAck with the new id, EventInteractionSubmitted naming it (model: success)', async () => {
  const cast = await startCast();
  const rec = record(cast);
  try {
    const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
    await seen(cast.obs, (m) => m.canonical === 'EventRouteRequest' && m.envelope.attributes.InteractionId === id);
    const submitted = cast.obs.messages().find((m) => m.canonical === 'EventInteractionSubmitted')!;
    assert.deepEqual([submitted.envelope.attributes.InteractionId, submitted.envelope.attributes.MediaServerId], [id, 'MS1']);
  } finally {
    await cast.stop();
  }
  expectPass(await matchRecorded('media-server-submits-interaction', 'success', rec));
});

test('a media server that has not registered is refused (41); nothing is submitted (model: not-registered)', async () => {
  const cast = await startCast();
  const rec = record(cast);
  const late = new ReferenceMediaServer({ url: cast.is.url, name: 'MS2', register: false });
  try {
    await late.start();
    const err = await refusal(late.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' }));
    assert.equal(err.errorCode, 41);
    assert.match(err.description, /not registered: send RequestRegisterClient before RequestSubmit/);
    await settle(NEVER_WINDOW_MS);
  } finally {
    await late.stop();
    await cast.stop();
  }
  expectPass(await matchRecorded('media-server-submits-interaction', 'not-registered', rec));
});

test('a submit without a media type is refused (53) naming the attribute (model: bad-attribute)', async () => {
  const cast = await startCast();
  const rec = record(cast);
  try {
    const err = await refusal(cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound', without: ['MediaType'] }));
    assert.equal(err.errorCode, 53);
    assert.match(err.description, /missing required attribute MediaType/);
    await settle(NEVER_WINDOW_MS);
  } finally {
    await cast.stop();
  }
  const result = await matchRecorded('media-server-submits-interaction', 'bad-attribute', rec);
  expectPass(result);
  // The same trace is not the not-registered flow's: that one's RequestSubmit must conform.
  assert.equal((await matchRecorded('media-server-submits-interaction', 'not-registered', rec)).verdict, 'fail');
});

test('an agent submits: EventAck, EventInteractionSubmitted and EventPartyAdded naming the agent, who handles it (model: success)', async () => {
  const cast = await startCast();
  const rec = record(cast);
  try {
    const id = await cast.agent.submit({ queue: '', mediaType: 'email', interactionType: 'Outbound' });
    await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded' && m.envelope.attributes.InteractionId === id);
    assert.deepEqual(cast.is.state().interactions.find((i) => i.id === id), { id, state: 'handled', queue: '', mediaType: 'email', agentId: 'a1', parties: ['a1'] });
    // The agent handles it: it is not placed in a queue nor offered to URS.
    const aboutIt = cast.obs.messages().filter((m) => m.envelope.attributes.InteractionId === id).map((m) => m.canonical);
    assert.deepEqual(aboutIt, ['EventAck', 'EventInteractionSubmitted', 'EventPartyAdded']);
  } finally {
    await cast.stop();
  }
  expectPass(await matchRecorded('agent-submits-interaction', 'success', rec));
});

test('an agent application with no agent logged in is refused (192) (model: failure)', async () => {
  const cast = await startCast();
  const rec = record(cast);
  const idle = new ReferenceAgentApplication({ url: cast.is.url, name: 'Agent2' });
  try {
    await idle.start();
    const err = await refusal(idle.submit({ queue: '', mediaType: 'email', interactionType: 'Outbound' }));
    assert.equal(err.errorCode, 192);
    assert.match(err.description, /no agent logged in/);
    await settle(NEVER_WINDOW_MS);
  } finally {
    await idle.stop();
    await cast.stop();
  }
  expectPass(await matchRecorded('agent-submits-interaction', 'failure', rec));
});

test('faults omitInteractionSubmitted and agentSubmitWithoutPartyAdded fail their models at the step they break', async () => {
  const cases: Array<[keyof InteractionServerFaults, 'media' | 'agent', RegExp]> = [
    ['omitInteractionSubmitted', 'media', /missing ixn → stat EventInteractionSubmitted \(Reporting\)[^]*media-server-submits-interaction\.yaml:\d+/],
    ['omitInteractionSubmitted', 'agent', /missing ixn → stat EventInteractionSubmitted \(Reporting\)/],
    ['agentSubmitWithoutPartyAdded', 'agent', /missing ixn → stat EventPartyAdded \(Reporting\)[^]*agent-submits-interaction\.yaml:\d+/],
  ];
  for (const [fault, who, names] of cases) {
    const cast = await startCast({ server: { faults: { [fault]: true } } });
    const rec = record(cast);
    try {
      if (who === 'media') await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
      else await cast.agent.submit({ queue: '', mediaType: 'email', interactionType: 'Outbound' });
      await settle(50);
    } finally {
      await cast.stop();
    }
    expectFailNaming(await matchRecorded(who === 'media' ? 'media-server-submits-interaction' : 'agent-submits-interaction', 'success', rec), names);
  }
});
