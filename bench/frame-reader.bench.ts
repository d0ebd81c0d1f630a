// Frame reading (decode + catalog validation + referenceId pairing) on one connection, against the
// harness target of ~50k messages/s on a 2-core machine. JSON.parse alone is printed as the floor.
import { performance } from 'node:perf_hooks';
import { encodeFrame } from '../src/codec/envelope.ts';
import { FrameReader } from '../src/codec/frame-reader.ts';

const TARGET_PER_SECOND = 50_000;
const N = 300_000;

const frames = [
  encodeFrame({ protocol: 'InteractionManagement', message: 'RequestAccept', referenceId: 0, attributes: { TicketId: 3, InteractionId: '000A1' } }),
  encodeFrame({
    protocol: 'InteractionManagement',
    message: 'EventInvite',
    attributes: { TicketId: 3, Interaction: { InteractionId: '000A1', InteractionMediatype: 'email', InteractionQueue: 'inbound', InteractionUserData: { Subject: 'hello', Customer: 'c-17' } } },
  }),
  encodeFrame({
    protocol: 'Reporting',
    message: 'EventPartyRemoved',
    attributes: { InteractionId: '000A1', MediaType: 'email', EventTime: '2025-05-11T10:00:00.123Z', TenantId: 101, RouterId: 'urs', StrategyId: 'deliver', Queue: 'inbound' },
  }),
  encodeFrame({ protocol: 'Reporting', message: 'EventCurrentAgentStatus', attributes: { AgentId: 'a1', PlaceId: 'p1', MediaStateList: { email: 1, chat: 0 }, DonotDisturb: false } }),
];
// Requests and their answers alternate, so pairing does real work: request n, then EventAck n.
const ack = (n: number) => `{"protocol":"InteractionManagement","message":"EventAck","referenceId":${n},"attributes":{}}`;
const accept = (n: number) => frames[0].replace('"referenceId":0', `"referenceId":${n}`);

function run(label: string, body: () => void): number {
  const t0 = performance.now();
  body();
  const rate = N / ((performance.now() - t0) / 1000);
  console.log(`${label.padEnd(34)} ${Math.round(rate / 1000)}k frames/s`);
  return rate;
}

const pairs = Array.from({ length: 1000 }, (_, i) => [accept(i), ack(i)]);
let rate = 0;
for (let round = 0; round < 2; round++) {
  const reader = new FrameReader({});
  run('JSON.parse alone', () => {
    for (let i = 0; i < N; i++) JSON.parse(frames[1 + (i % 3)]);
  });
  rate = run('read: events, no pairing', () => {
    for (let i = 0; i < N; i++) reader.read(frames[1 + (i % 3)], { sender: 'ixn', fromRole: 'InteractionServer' });
  });
  run('read: request/EventAck pairs', () => {
    for (let i = 0; i < N; i += 2) {
      const [req, res] = pairs[(i >> 1) % 1000];
      reader.read(req, { sender: 'desktop' });
      reader.read(res, { sender: 'ixn' });
    }
  });
}
if (rate < TARGET_PER_SECOND) {
  console.error(`frame reading: ${Math.round(rate)} frames/s is under the ${TARGET_PER_SECOND} target`);
  process.exitCode = 1;
}
