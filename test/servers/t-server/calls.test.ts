import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Calls } from '../../../src/servers/t-server/calls.ts';
import { TServerError } from '../../../src/servers/t-server/errors.ts';

const brief = (events: { dn: string; message: string; answers: boolean }[]) => events.map((e) => `${e.message}@${e.dn}${e.answers ? '*' : ''}`);

test('the basic call: dialing and ringing, established at A then B, released at both; the call is gone', () => {
  const calls = new Calls('00aa');
  const { call, events } = calls.make('7001', '7002');
  assert.match(call.connId, /^00aa[0-9a-f]{12}$/);
  assert.deepEqual(brief(events), ['EventDialing@7001*', 'EventRinging@7002']);
  assert.deepEqual(events[1].attributes, { ConnID: call.connId, CallID: 1, CallType: 'Internal', ThisDN: '7002', ThisDNRole: 'Destination', OtherDN: '7001', OtherDNRole: 'Origination', CallState: 'Ok' });
  assert.deepEqual(brief(calls.answer('7002', call.connId)), ['EventEstablished@7001', 'EventEstablished@7002*']);
  assert.deepEqual(brief(calls.release('7001', call.connId)), ['EventReleased@7001*', 'EventReleased@7002']);
  assert.deepEqual(calls.all(), []);
});

test('a call at a route point waits for URS; routed, EventRouteUsed answers and it rings at the destination', () => {
  const calls = new Calls();
  const { call, events } = calls.arrive('5000', { ani: '555', routePoint: true });
  assert.deepEqual(brief(events), ['EventRouteRequest@5000']);
  assert.equal(events[0].attributes.ThisQueue, '5000');
  const routed = calls.route(call.connId, '5000', '8001');
  assert.deepEqual(brief(routed), ['EventRouteUsed@5000*', 'EventRinging@8001']);
  assert.equal(routed[0].attributes.ThirdPartyDN, '8001');
  assert.equal(routed[1].attributes.OtherDN, '555');
  assert.equal(routed[1].attributes.ThisQueue, '5000');
  assert.deepEqual(brief(calls.answer('8001', call.connId)), ['EventEstablished@8001*']);
  assert.deepEqual(brief(calls.hangUp(call.connId)), ['EventReleased@8001']);
});

test('a ConnID not at that DN is TERR_INV_CONNID (56), and changes nothing', () => {
  const calls = new Calls();
  const { call } = calls.make('7001', '7002');
  for (const f of [() => calls.answer('7001', call.connId), () => calls.answer('7002', 'nope'), () => calls.route(call.connId, '5000', '7003'), () => calls.release('7003', call.connId)]) {
    assert.throws(f, (err: unknown) => err instanceof TServerError && err.code === 56);
  }
  assert.equal(calls.all().length, 1);
});
