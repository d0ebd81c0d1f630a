import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { encodeGliFrame } from '../../src/codec/gli-framing.ts';
import { encodeIvrXml } from '../../src/codec/ivr-xml.ts';
import { IvrServer, ReferenceIvr } from '../../src/servers/index.ts';
import type { IvrConfiguration } from '../../src/servers/index.ts';
import { MemoryObserver } from '../../src/transport/index.ts';
import type { WireBadFrame } from '../../src/transport/index.ts';

// Each hostile input on a real socket: a clear violation in the trace, the connection working on (XML
// problems) or closed cleanly (header problems: GLI cannot resynchronise), and the server serving a
// fresh client afterwards.

const CONFIG: IvrConfiguration = { protocolVersion: '4.0', serverVersion: 'test', tservers: {}, ivrs: { IVR1: { tservers: [], ports: { '01': { dn: '5001' } }, configOptions: {} } } };
const PROLOGUE = "<?xml version='1.0' encoding='ISO-8859-1'?>\n";
const login = (key: string) => encodeGliFrame(encodeIvrXml({ protocol: 'IVR', message: 'LoginReq', attributes: { CallId: key, Version: '4.0', ClientName: 'IVR1' } }));

async function setUp(t: { after: (fn: () => Promise<void>) => void }) {
  const observer = new MemoryObserver();
  const server = new IvrServer({ name: 'IVRS1', observer, configuration: CONFIG });
  const { port, url } = await server.start();
  const sockets: Socket[] = [];
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await server.stop();
  });
  const open = () =>
    new Promise<{ socket: Socket; data: () => Buffer; closed: Promise<void> }>((resolve, reject) => {
      const socket = netConnect({ host: '127.0.0.1', port });
      sockets.push(socket);
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      const closed = new Promise<void>((done) => socket.on('close', () => done()));
      socket.once('error', reject);
      socket.once('connect', () => resolve({ socket, data: () => Buffer.concat(chunks), closed }));
    });
  const badFrame = (pred: (b: WireBadFrame) => boolean) =>
    new Promise<WireBadFrame>((resolve) => {
      const hit = observer.badFrames().find(pred);
      if (hit) return resolve(hit);
      const off = observer.subscribe((e) => {
        if (e.type === 'bad-frame' && pred(e)) {
          off();
          resolve(e);
        }
      });
    });
  /** The server still answers: a login on this socket gets LoginResp back. */
  const answersOn = async (c: { socket: Socket; data: () => Buffer }, key: string) => {
    c.socket.write(login(key));
    for (let i = 0; i < 200 && !c.data().toString('latin1').includes(`<CallId>${key}</CallId>`); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(c.data().toString('latin1'), new RegExp(`<CallId>${key}</CallId><LoginResp`));
  };
  const freshClientWorks = async () => {
    const ivr = new ReferenceIvr({ url, name: 'IVR1' });
    await ivr.start();
    assert.equal((await ivr.login()).attributes.Status, 'OK');
    await ivr.stop();
  };
  return { observer, open, badFrame, answersOn, freshClientWorks };
}

const xmlCases: [string, Buffer, RegExp][] = [
  ['malformed XML', Buffer.from(`${PROLOGUE}<GctiMsg><CallId>k</CallId><LoginReq></GctiMsg>`, 'latin1'), /not well-formed XML at \d+:\d+/],
  ['billion laughs', Buffer.from(`<!DOCTYPE GctiMsg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><GctiMsg><CallId>&c;</CallId><LoginReq/></GctiMsg>`, 'latin1'), /declares an entity/],
  ['an external entity', Buffer.from(`<!DOCTYPE GctiMsg [<!ENTITY x SYSTEM "file:///etc/passwd">]><GctiMsg><CallId>&x;</CallId><LoginReq/></GctiMsg>`, 'latin1'), /external one/],
  ['bytes outside ISO-8859-1', Buffer.concat([Buffer.from(`${PROLOGUE}<GctiMsg><CallId>`), Buffer.from('€', 'utf8'), Buffer.from('</CallId><LoginReq/></GctiMsg>')]), /not an ISO-8859-1 character/],
];

for (const [what, payload, message] of xmlCases) {
  test(`${what}: a NOT_XML violation in the trace; the connection keeps working`, async (t) => {
    const { open, badFrame, answersOn, freshClientWorks } = await setUp(t);
    const c = await open();
    c.socket.write(encodeGliFrame(payload));
    const bad = await badFrame((b) => b.violations.some((v) => v.code === 'NOT_XML'));
    assert.match(bad.violations[0].message, message);
    await answersOn(c, 'AFTER');
    await freshClientWorks();
  });
}

const headerCases: [string, Buffer, RegExp][] = [
  ['a wrong cNull', Buffer.from([0x01, 0x03, 0x00, 0x04, 0x02, 0x00, 0x3c, 0x3e]), /byte 0 \(cNull\) is 0x01/],
  ['an unknown message type', Buffer.from([0x00, 0x07, 0x00, 0x04, 0x02, 0x00, 0x3c, 0x3e]), /byte 1 \(message type\) is 0x07/],
  ['a bad GLI version', Buffer.from([0x00, 0x03, 0x00, 0x04, 0x09, 0x00, 0x3c, 0x3e]), /byte 4 \(GLI version\) is 0x09/],
];

for (const [what, bytes, message] of headerCases) {
  test(`${what}: a BAD_FRAMING violation in the trace; the connection closes cleanly; the server serves the next client`, async (t) => {
    const { open, badFrame, freshClientWorks } = await setUp(t);
    const c = await open();
    c.socket.write(bytes);
    const bad = await badFrame((b) => b.violations.some((v) => v.code === 'BAD_FRAMING'));
    assert.match(bad.violations[0].message, message);
    await c.closed;
    await freshClientWorks();
  });
}

test('a length field larger than the data: the frame is waited for, and reported truncated when the peer closes', async (t) => {
  const { open, badFrame, freshClientWorks } = await setUp(t);
  const c = await open();
  const doc = Buffer.from(`${PROLOGUE}<GctiMsg><CallId>k</CallId><LoginReq/></GctiMsg>`, 'latin1');
  const frame = encodeGliFrame(doc);
  frame.writeUInt16BE(doc.length + 2 + 100, 2);
  c.socket.write(frame);
  c.socket.end();
  const bad = await badFrame((b) => b.violations.some((v) => v.code === 'BAD_FRAMING'));
  assert.match(bad.violations[0].message, /closed mid-frame/);
  await freshClientWorks();
});

test('a length field smaller than the document: the cut document is NOT_XML, its rest a bad header; the connection closes cleanly', async (t) => {
  const { open, badFrame, freshClientWorks } = await setUp(t);
  const c = await open();
  const doc = Buffer.from(`${PROLOGUE}<GctiMsg><CallId>k</CallId><LoginReq Version='4.0' ClientName='IVR1'/></GctiMsg>`, 'latin1');
  const frame = encodeGliFrame(doc);
  frame.writeUInt16BE(40 + 2, 2);
  c.socket.write(frame);
  const cut = await badFrame((b) => b.violations.some((v) => v.code === 'NOT_XML'));
  assert.match(cut.violations[0].message, /not well-formed XML/);
  const rest = await badFrame((b) => b.violations.some((v) => v.code === 'BAD_FRAMING'));
  assert.match(rest.violations[0].hint ?? '', /GLI header/);
  await c.closed;
  await freshClientWorks();
});
