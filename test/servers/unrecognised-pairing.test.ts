import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame } from '../../src/codec/envelope.ts';
import { FrameReader } from '../../src/codec/frame-reader.ts';
import type { ReadFrame } from '../../src/codec/frame-reader.ts';

// The reference servers refuse what the catalog cannot read with EventError on the same checked
// connection; these pin the pairing that keeps those refusals from being violations themselves.

const CLIENT = { sender: 'remote', fromRole: 'AgentApplication', toRole: 'InteractionServer' } as const;
const SERVER = { sender: 'local', fromRole: 'InteractionServer', toRole: 'AgentApplication' } as const;
const frame = (message: string, referenceId: number, attributes: Record<string, unknown> = {}) => encodeFrame({ protocol: 'InteractionManagement', message, referenceId, attributes });
const codes = (r: ReadFrame) => r.violations.map((v) => v.code);

test('an EventError echoing an unknown message\'s referenceId pairs with it, once', () => {
  const reader = new FrameReader();
  assert.deepEqual(codes(reader.read(frame('RequestAccpet', 4), CLIENT)), ['UNKNOWN_MESSAGE']);
  assert.deepEqual(reader.tracker.pending('remote'), [], 'not listed as a pending request');
  assert.deepEqual(codes(reader.read(frame('EventError', 4, { ErrorCode: 51 }), SERVER)), []);
  const again = reader.read(frame('EventError', 4, { ErrorCode: 51 }), SERVER);
  assert.deepEqual(again.violations.map((v) => v.message), ['EventError answers referenceId 4, but RequestAccpet 4 was already answered by EventError']);
});

test('only a refusal answers an unknown message: EventAck to it is UNMATCHED_RESPONSE', () => {
  const reader = new FrameReader();
  reader.read(frame('RequestAccpet', 5), CLIENT);
  const ack = reader.read(frame('EventAck', 5), SERVER);
  assert.deepEqual(ack.violations.map((v) => [v.code, v.message]), [
    ['UNMATCHED_RESPONSE', 'EventAck answers referenceId 5, but RequestAccpet 5 is not a message the catalog knows: only EventError can answer it'],
  ]);
});

test('an unreadable frame that shows a referenceId can be refused; one that shows none leaves nothing to pair', () => {
  const reader = new FrameReader();
  assert.equal(reader.read('{"protocol":"InteractionManagement","referenceId":6,"attributes":{}}', CLIENT).kind, 'bad-frame');
  assert.deepEqual(codes(reader.read(frame('EventError', 6, { ErrorCode: 53 }), SERVER)), []);
  reader.read('{"protocol":"InteractionManagement","attributes":{"referenceId":7}}', CLIENT);
  assert.deepEqual(codes(reader.read(frame('EventError', 7, { ErrorCode: 53 }), SERVER)), ['UNMATCHED_RESPONSE']);
});
