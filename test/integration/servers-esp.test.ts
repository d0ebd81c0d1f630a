import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { ReferenceMediaServer } from '../../src/servers/media-server/media-server.ts';
import type { InteractionServerFaults } from '../../src/servers/interaction-server/options.ts';
import { lines, seen, startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';
import { expectFailNaming, expectPass, matchRecorded, record } from './model-match.ts';

/**
 * GenEM Invoke Autoresponse on real sockets: URS's RequestPrivateService (Envelope3rdServer) becomes
 * Request3rdServer to E-mail Server (MS1), which submits the autoresponse and answers; URS gets
 * EventPrivateInfo. The model passes, faults and failures say what went wrong.
 */

async function inbound(cast: DeliverCast): Promise<string> {
  const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
  await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
  return id;
}

const responded = (cast: DeliverCast) => seen(cast.obs, (m) => m.canonical === 'EventExternalServiceResponded');

test('an autoresponse: the ESP legs in GenEM\'s order, the answer carrying the new interaction (model: autoresponse)', async () => {
  const cast = await startCast();
  const id = await inbound(cast);
  const rec = record(cast);
  const from = cast.obs.messages().length;
  try {
    const answer = await cast.urs.invokeService({ interactionId: id, server: 'MS1', service: 'email', method: 'Autoresponse', parameters: { Queue: 'auto' } });
    await responded(cast);
    const flow = lines(cast.obs, from);
    assert.deepEqual(flow, [
      'URS1 → IS1 TLibrary:RequestPrivateService',
      'IS1 → MS1 ESP:Request3rdServer',
      'IS1 → Stat Reporting:EventExternalServiceRequested',
      'MS1 → IS1 InteractionManagement:RequestSubmit',
      'IS1 → MS1 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventInteractionSubmitted',
      'IS1 → Stat Reporting:EventPlacedInQueue',
      'IS1 → URS1 TLibrary:EventRouteRequest',
      'MS1 → IS1 ESP:Event3rdServerResponse',
      'IS1 → URS1 TLibrary:EventPrivateInfo',
      'IS1 → Stat Reporting:EventExternalServiceResponded',
    ]);
    const autoresponse = cast.is.state().interactions.find((i) => i.queue === 'auto');
    assert.ok(autoresponse, 'the autoresponse was submitted to the queue URS named');
    assert.equal(answer.message, 'EventPrivateInfo');
    assert.deepEqual(answer.attributes.Extensions, { Envelope3rdServer: { Server: 'MS1', Service: 'email', Method: 'Autoresponse', Version: '1.0', Parameters: { InteractionId: autoresponse.id } } });
    assert.equal(cast.obs.messages().every((m) => m.violations.every((v) => v.severity !== 'error')), true, 'every leg conforms to the catalog');
  } finally {
    await cast.stop();
  }
  expectPass(await matchRecorded('invoke-autoresponse', 'autoresponse', rec));
});

test('a method E-mail Server does not offer comes back as a fault, and the model (which requires none) fails on it', async () => {
  const cast = await startCast();
  const id = await inbound(cast);
  const rec = record(cast);
  try {
    const answer = await cast.urs.invokeService({ interactionId: id, server: 'MS1', service: 'email', method: 'Forward' });
    const params = (answer.attributes.Extensions as { Envelope3rdServer: { Parameters: Record<string, unknown> } }).Envelope3rdServer.Parameters;
    assert.equal(params.FaultCode, 2);
    assert.match(String(params.FaultString), /no method email\.Forward/);
    await responded(cast);
  } finally {
    await cast.stop();
  }
  const result = await matchRecorded('invoke-autoresponse', 'autoresponse', rec);
  assert.equal(result.verdict, 'fail');
});

test('a third-party server that is not connected is refused on the T-Library face; one that leaves before answering is a fault', async () => {
  const cast = await startCast();
  const id = await inbound(cast);
  const silent = new ReferenceMediaServer({ url: cast.is.url, name: 'MS2', esp: () => new Promise(() => undefined) });
  try {
    const err = await cast.urs.invokeService({ interactionId: id, server: 'Nobody', service: 'email', method: 'Autoresponse' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof RequestRefusedError && err.errorCode === 53, String(err));
    assert.match(err.description, /"Nobody" is not a third-party server connected to IS1 \(connected media servers: MS1\)/);
    await silent.start();
    const pending = cast.urs.invokeService({ interactionId: id, server: 'MS2', service: 'email', method: 'Autoresponse' });
    await seen(cast.obs, (m) => m.canonical === 'Request3rdServer' && m.to === 'MS2');
    await silent.stop();
    const answer = await pending;
    assert.match(JSON.stringify(answer.attributes.Extensions), /"FaultString":"the third-party server disconnected before it answered"/);
  } finally {
    await silent.stop();
    await cast.stop();
  }
});

test('fault omitExternalServiceResponded fails the model at the step it breaks', async () => {
  const faults: InteractionServerFaults = { omitExternalServiceResponded: true };
  const cast = await startCast({ server: { faults } });
  const id = await inbound(cast);
  const rec = record(cast);
  try {
    await cast.urs.invokeService({ interactionId: id, server: 'MS1', service: 'email', method: 'Autoresponse' });
  } finally {
    await cast.stop();
  }
  expectFailNaming(await matchRecorded('invoke-autoresponse', 'autoresponse', rec), /missing ixn → stat EventExternalServiceResponded \(Reporting\)[^]*invoke-autoresponse\.yaml:\d+/);
});
