import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import { envelopeFrame, rawClient } from '../servers/raw-client.ts';
import type { RawClient } from '../servers/raw-client.ts';

// Issue 7 item 5: the reference servers answer what they cannot take. A third-party client sends each
// bad thing on a real socket and must get the EventError that echoes its referenceId (or, where no
// answer can pair, nothing), the trace must show both sides, and the connection must go on serving.

const IM = 'InteractionManagement';
const TLIB = 'TLibrary';

async function withServer(fn: (is: InteractionServer, obs: MemoryObserver) => Promise<void>): Promise<void> {
  const obs = new MemoryObserver();
  const is = new InteractionServer({ observer: obs, registrationTimeoutMs: 0 });
  await is.start();
  try {
    await fn(is, obs);
  } finally {
    await is.stop();
  }
}

/** `from → to Protocol:Message #ref [violation codes]`, one per recorded message, and `bad-frame` entries. */
function trace(obs: MemoryObserver): string[] {
  return obs.entries.flatMap((e) => {
    if (e.type === 'message') return [`${e.from} → ${e.to} ${e.envelope.protocol}:${e.envelope.message} #${e.envelope.referenceId ?? '-'} [${e.violations.map((v) => v.code).join(' ')}]`];
    if (e.type === 'bad-frame') return [`${e.from} → ${e.to} bad frame [${e.violations.map((v) => v.code).join(' ')}]`];
    return [];
  });
}

async function registered(is: InteractionServer, name: string, clientType = 'AgentApplication'): Promise<RawClient> {
  const c = await rawClient(is.url);
  c.send(envelopeFrame(IM, 'RequestRegisterClient', 100, { ClientName: name, ClientType: clientType }));
  assert.equal((await c.next('EventAck to RequestRegisterClient')).message, 'EventAck');
  return c;
}

const imError = (referenceId: number, code: number, description: string) => ({ protocol: IM, message: 'EventError', referenceId, attributes: { ErrorCode: code, ErrorDescription: description } });

test('an unknown message with a referenceId: EventError 51 echoing it, with a did-you-mean; the client can then register', () =>
  withServer(async (is, obs) => {
    const c = await rawClient(is.url);
    c.send(envelopeFrame(IM, 'RequestAccpet', 4, { TicketId: 1 }));
    assert.deepEqual(await c.next('EventError to RequestAccpet'), imError(4, 51, 'unknown message RequestAccpet in protocol InteractionManagement — did you mean RequestAccept (Interaction Management)?'));
    c.send(envelopeFrame(IM, 'RequestFoo', 5, {}));
    const far = await c.next('EventError to RequestFoo');
    assert.equal(far.referenceId, 5);
    assert.match(String((far.attributes as Record<string, unknown>).ErrorDescription), /^unknown message RequestFoo in protocol InteractionManagement — InteractionManagement messages are RequestRegisterClient, /);
    c.send(envelopeFrame(IM, 'RequestRegisterClient', 6, { ClientName: 'third-party', ClientType: 'AgentApplication' }));
    assert.deepEqual(await c.next('EventAck to RequestRegisterClient'), { protocol: IM, message: 'EventAck', referenceId: 6, attributes: {} });
    assert.deepEqual(trace(obs), [
      'client-1 → IS1 InteractionManagement:RequestAccpet #4 [UNKNOWN_MESSAGE]',
      'IS1 → client-1 InteractionManagement:EventError #4 []',
      'client-1 → IS1 InteractionManagement:RequestFoo #5 [UNKNOWN_MESSAGE]',
      'IS1 → client-1 InteractionManagement:EventError #5 []',
      'client-1 → IS1 InteractionManagement:RequestRegisterClient #6 []',
      'IS1 → client-1 InteractionManagement:EventAck #6 []',
    ]);
    c.ws.close();
  }));

test('an unknown protocol with a referenceId: EventError 51 echoing it, naming the protocol the message belongs to', () =>
  withServer(async (is, obs) => {
    const c = await registered(is, 'typo');
    c.send(envelopeFrame('InteractionManagment', 'RequestAgentLogin', 7, { TenantId: 101, PlaceId: 'p1' }));
    assert.deepEqual(
      await c.next('EventError to the unknown protocol'),
      imError(7, 51, 'unknown protocol InteractionManagment for message RequestAgentLogin — did you mean InteractionManagement? (RequestAgentLogin is a message of protocol InteractionManagement, TLibrary)'),
    );
    c.send(envelopeFrame(IM, 'RequestAgentLogin', 8, { TenantId: 101, PlaceId: 'p1' }));
    assert.deepEqual(await c.next('EventAck to RequestAgentLogin'), { protocol: IM, message: 'EventAck', referenceId: 8, attributes: {} });
    assert.deepEqual(trace(obs).slice(2), [
      'typo → IS1 InteractionManagment:RequestAgentLogin #7 [UNKNOWN_PROTOCOL]',
      'IS1 → typo InteractionManagement:EventError #7 []',
      'typo → IS1 InteractionManagement:RequestAgentLogin #8 []',
      'IS1 → typo InteractionManagement:EventAck #8 []',
    ]);
    c.ws.close();
  }));

test('invalid attributes: EventError 53 naming every violation with its hint; a malformed ProxyClientId is not echoed', () =>
  withServer(async (is, obs) => {
    const c = await registered(is, 'sloppy');
    c.send(envelopeFrame(IM, 'RequestAccept', 9, { TicketId: '7', ProxyClientId: 'p' }));
    assert.deepEqual(
      await c.next('EventError to RequestAccept'),
      imError(
        9,
        53,
        '3 problems: RequestAccept attribute TicketId is "7", expected an integer — send the number without quotes: 7; ' +
          'RequestAccept is missing required attribute InteractionId (string) — add InteractionId to the attributes: a string, interaction being accepted; ' +
          'RequestAccept attribute ProxyClientId is "p", expected an integer — ProxyClientId must be an integer: proxy sub-client id; 0 or absent for a client that is not a proxy',
      ),
    );
    c.send(envelopeFrame(IM, 'RequestNotReadyForMedia', 10, { MediaTypeName: 'email', Reason: { Reason: 'busy' } }));
    assert.deepEqual(await c.next('EventError to RequestNotReadyForMedia'), imError(10, 53, 'RequestNotReadyForMedia attribute Reason.Reason is "busy", expected an integer — Reason must be an integer: reason code'));
    c.send(envelopeFrame(IM, 'RequestAgentLogin', 11, { TenantId: 101, PlaceId: 'p1', ProxyClientId: 2 }));
    assert.deepEqual(await c.next('EventAck to RequestAgentLogin'), { protocol: IM, message: 'EventAck', referenceId: 11, attributes: { ProxyClientId: 2 } });
    // The server's answers are checked by the same catalog: none of them is a violation.
    assert.deepEqual(trace(obs).filter((l) => l.startsWith('IS1')), [
      'IS1 → sloppy InteractionManagement:EventAck #100 []',
      'IS1 → sloppy InteractionManagement:EventError #9 []',
      'IS1 → sloppy InteractionManagement:EventError #10 []',
      'IS1 → sloppy InteractionManagement:EventAck #11 []',
    ]);
    c.ws.close();
  }));

test('a request that goes the wrong way (a media server logging an agent in): EventError 51 with the catalog\'s words', () =>
  withServer(async (is) => {
    const c = await registered(is, 'ms', 'MediaServer');
    c.send(envelopeFrame(IM, 'RequestAgentLogin', 12, { TenantId: 101, PlaceId: 'p1' }));
    assert.deepEqual(
      await c.next('EventError to RequestAgentLogin'),
      imError(12, 51, 'RequestAgentLogin from Media Server to Interaction Server goes the wrong way: Interaction Management RequestAgentLogin goes from Agent Application to Interaction Server — no protocol has RequestAgentLogin going from Media Server to Interaction Server'),
    );
    c.send(envelopeFrame(IM, 'RequestAgentLogin', 13, { TenantId: '101', PlaceId: 'p1' }));
    const both = await c.next('EventError to RequestAgentLogin');
    assert.equal((both.attributes as Record<string, unknown>).ErrorCode, 53, 'an attribute problem makes it TERR_INVALID_ATTR');
    assert.match(String((both.attributes as Record<string, unknown>).ErrorDescription), /^2 problems: .*wrong way.*; RequestAgentLogin attribute TenantId is "101", expected an integer/);
    c.ws.close();
  }));

test('a request without referenceId cannot be paired: recorded as MISSING_REFERENCE_ID, not answered', () =>
  withServer(async (is, obs) => {
    const c = await registered(is, 'ms', 'MediaServer');
    c.send(envelopeFrame(IM, 'RequestSubmit', undefined, { MediaType: 'email', InteractionType: 'Inbound', Queue: 'q' }));
    c.send(envelopeFrame(IM, 'RequestAccpet', undefined, {}));
    c.send(envelopeFrame(IM, 'RequestSubmit', 14, { MediaType: 'email', InteractionType: 'Inbound', Queue: 'q' }));
    const first = await c.next('EventAck to RequestSubmit 14');
    assert.deepEqual([first.message, first.referenceId], ['EventAck', 14], 'nothing answered the requests without referenceId');
    assert.deepEqual(trace(obs).slice(2), [
      'ms → IS1 InteractionManagement:RequestSubmit #- [MISSING_REFERENCE_ID]',
      'ms → IS1 InteractionManagement:RequestAccpet #- [UNKNOWN_MESSAGE]',
      'ms → IS1 InteractionManagement:RequestSubmit #14 []',
      'IS1 → ms InteractionManagement:EventAck #14 []',
    ]);
    c.ws.close();
  }));

test('an event or a response sent by a client answers nothing and asks nothing: recorded, not answered', () =>
  withServer(async (is, obs) => {
    const c = await registered(is, 'ms', 'MediaServer');
    c.send(envelopeFrame(IM, 'EventAck', 15, {}));
    c.send(envelopeFrame(IM, 'EventError', 16, { ErrorCode: 52 }));
    c.send(envelopeFrame(IM, 'EventInvite', 17, { TicketId: 1, Interaction: { InteractionId: 'x' } }));
    c.send(envelopeFrame(IM, 'RequestSubmit', 18, { MediaType: 'email', InteractionType: 'Inbound', Queue: 'q' }));
    const first = await c.next('EventAck to RequestSubmit 18');
    assert.deepEqual([first.message, first.referenceId], ['EventAck', 18], 'nothing answered the events');
    assert.deepEqual(trace(obs).slice(2, 5), [
      'ms → IS1 InteractionManagement:EventAck #15 [WRONG_DIRECTION UNMATCHED_RESPONSE]',
      'ms → IS1 InteractionManagement:EventError #16 [WRONG_DIRECTION UNMATCHED_RESPONSE]',
      'ms → IS1 InteractionManagement:EventInvite #17 [WRONG_DIRECTION]',
    ]);
    c.ws.close();
  }));

test('a frame that is not a readable envelope but shows a top-level referenceId: EventError 53 echoing it', () =>
  withServer(async (is, obs) => {
    const c = await registered(is, 'raw');
    const login = '"message":"RequestAgentLogin"';
    c.send(`{"protocol":"InteractionManagement",${login},"referenceId":20,"attributes":{},"proxyClientId":1}`);
    assert.deepEqual(
      await c.next('EventError to the frame with an unknown key'),
      imError(20, 53, 'unreadable frame: envelope has unknown key "proxyClientId" — an envelope has only protocol, message, referenceId, attributes; put message attributes inside "attributes"'),
    );
    c.send('{"protocol":"InteractionManagement","referenceId":21,"attributes":{}}');
    assert.deepEqual(await c.next('EventError to the frame without message'), imError(21, 53, 'unreadable frame: envelope has no message — name the message, e.g. "RequestAccept"'));
    c.send(`{"protocol":"InteractionManagement",${login},"referenceId":22,"attributes":{TenantId:101}}`);
    const notJson = await c.next('EventError to the frame that is not JSON');
    assert.equal(notJson.referenceId, 22);
    assert.match(String((notJson.attributes as Record<string, unknown>).ErrorDescription), /^unreadable frame: frame of 111 bytes is not JSON \(.+\) — send one JSON object per text frame: /);
    c.send(envelopeFrame(IM, 'RequestSubmit', 23, { MediaType: 'email', InteractionType: 'Inbound', Queue: 'q', UserData: { blob: 'x'.repeat(1_100_000) } }));
    const big = await c.next('EventError to the frame over the limit');
    assert.equal(big.referenceId, 23);
    assert.match(String((big.attributes as Record<string, unknown>).ErrorDescription), /^unreadable frame: frame of 11\d{5} bytes is over the 1048576-byte limit and was not parsed — send smaller messages/);
    c.send(envelopeFrame(IM, 'RequestAgentLogin', 24, { TenantId: 101, PlaceId: 'p1' }));
    assert.deepEqual(await c.next('EventAck to RequestAgentLogin'), { protocol: IM, message: 'EventAck', referenceId: 24, attributes: {} });
    assert.deepEqual(trace(obs).slice(2), [
      'raw → IS1 bad frame [NOT_ENVELOPE]',
      'IS1 → raw InteractionManagement:EventError #20 []',
      'raw → IS1 bad frame [NOT_ENVELOPE]',
      'IS1 → raw InteractionManagement:EventError #21 []',
      'raw → IS1 bad frame [NOT_JSON]',
      'IS1 → raw InteractionManagement:EventError #22 []',
      'raw → IS1 bad frame [FRAME_TOO_LARGE]',
      'IS1 → raw InteractionManagement:EventError #23 []',
      'raw → IS1 InteractionManagement:RequestAgentLogin #24 []',
      'IS1 → raw InteractionManagement:EventAck #24 []',
    ]);
    c.ws.close();
  }));

test('a frame that shows no referenceId has nothing to echo: recorded as a bad frame, not answered', () =>
  withServer(async (is, obs) => {
    const c = await registered(is, 'raw');
    c.send('this is not json');
    c.send('[{"referenceId":25}]');
    c.send('{"protocol":"InteractionManagement","attributes":{"referenceId":26}}');
    c.send('{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":"27","attributes":{}}');
    c.send('{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":28.5,"attributes":{}}');
    c.send(Buffer.from([0xff, 0x00, 0x01]));
    c.send(envelopeFrame(IM, 'RequestAgentLogin', 29, { TenantId: 101, PlaceId: 'p1' }));
    const first = await c.next('EventAck to RequestAgentLogin 29');
    assert.deepEqual([first.message, first.referenceId], ['EventAck', 29], 'nothing answered the frames without a visible referenceId');
    assert.deepEqual(
      obs.badFrames().map((b) => b.violations[0].code),
      ['NOT_JSON', 'NOT_ENVELOPE', 'NOT_ENVELOPE', 'NOT_ENVELOPE', 'NOT_ENVELOPE', 'NOT_JSON'],
    );
    c.ws.close();
  }));

test('T-Library face: unknown message and unknown protocol get a T-Library EventError 51 (ErrorMessage); a routing request is still served', () =>
  withServer(async (is, obs) => {
    const urs = await rawClient(is.tlibUrl);
    urs.send(envelopeFrame(TLIB, 'RequestRouteCal', 1, { InteractionId: 'i1' }));
    assert.deepEqual(await urs.next('EventError to RequestRouteCal'), {
      protocol: TLIB,
      message: 'EventError',
      referenceId: 1,
      attributes: { ErrorCode: 51, ErrorMessage: 'unknown message RequestRouteCal in protocol TLibrary — did you mean RequestRouteCall (T-Library) or RequestMakeCall (T-Library)?', InteractionId: 'i1' },
    });
    urs.send(envelopeFrame('TLib', 'RequestRouteCall', 2, {}));
    assert.deepEqual(await urs.next('EventError to the unknown protocol'), {
      protocol: TLIB,
      message: 'EventError',
      referenceId: 2,
      attributes: { ErrorCode: 51, ErrorMessage: 'unknown protocol TLib for message RequestRouteCall — did you mean TLibrary? (RequestRouteCall is a message of protocol TLibrary)' },
    });
    urs.send(envelopeFrame(TLIB, 'RequestRouteCall', 3, { InteractionId: 'i1', AgentId: 'a1' }));
    assert.deepEqual(await urs.next('EventError to RequestRouteCall'), { protocol: TLIB, message: 'EventError', referenceId: 3, attributes: { ErrorCode: 56, ErrorMessage: 'no interaction i1 on IS1', InteractionId: 'i1' } });
    assert.deepEqual(trace(obs), [
      'client-1 → IS1 TLibrary:RequestRouteCal #1 [UNKNOWN_MESSAGE]',
      'IS1 → client-1 TLibrary:EventError #1 []',
      'client-1 → IS1 TLib:RequestRouteCall #2 [UNKNOWN_PROTOCOL]',
      'IS1 → client-1 TLibrary:EventError #2 []',
      'client-1 → IS1 TLibrary:RequestRouteCall #3 []',
      'IS1 → client-1 TLibrary:EventError #3 []',
    ]);
    urs.ws.close();
  }));

test('T-Library face: invalid attributes get EventError 53; an unreadable frame with a referenceId gets EventError 53; events and requests without referenceId get nothing', () =>
  withServer(async (is, obs) => {
    const urs = await rawClient(is.tlibUrl);
    urs.send(envelopeFrame(TLIB, 'RequestRouteCall', 4, { InteractionId: 'i1', RouteType: 'Sideways' }));
    const invalid = await urs.next('EventError to RequestRouteCall 4');
    assert.deepEqual([invalid.referenceId, (invalid.attributes as Record<string, unknown>).ErrorCode], [4, 53]);
    assert.match(String((invalid.attributes as Record<string, unknown>).ErrorMessage), /^RequestRouteCall attribute RouteType is "Sideways", expected one of Unknown, Default, /);
    urs.send('{"protocol":"TLibrary","message":"RequestRouteCall","referenceId":5,"attributes":[]}');
    assert.deepEqual(await urs.next('EventError to the unreadable frame'), {
      protocol: TLIB,
      message: 'EventError',
      referenceId: 5,
      attributes: { ErrorCode: 53, ErrorMessage: 'unreadable frame: envelope attributes is an empty array, expected an object — send the attributes as one JSON object, or omit it' },
    });
    urs.send(envelopeFrame(TLIB, 'EventRouteUsed', 6, { InteractionId: 'i1' }));
    urs.send(envelopeFrame(TLIB, 'RequestRouteCall', undefined, { InteractionId: 'i1', AgentId: 'a1' }));
    urs.send(envelopeFrame(TLIB, 'RequestRouteCall', 7, { InteractionId: 'i1', AgentId: 'a1' }));
    const served = await urs.next('EventError to RequestRouteCall 7');
    assert.deepEqual([served.referenceId, (served.attributes as Record<string, unknown>).ErrorCode], [7, 56], 'nothing answered the event or the request without referenceId');
    assert.deepEqual(trace(obs).slice(2), [
      'client-1 → IS1 bad frame [NOT_ENVELOPE]',
      'IS1 → client-1 TLibrary:EventError #5 []',
      'client-1 → IS1 TLibrary:EventRouteUsed #6 [WRONG_DIRECTION UNMATCHED_RESPONSE]',
      'client-1 → IS1 TLibrary:RequestRouteCall #- [MISSING_REFERENCE_ID]',
      'client-1 → IS1 TLibrary:RequestRouteCall #7 []',
      'IS1 → client-1 TLibrary:EventError #7 []',
    ]);
    urs.ws.close();
  }));
