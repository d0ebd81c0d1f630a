import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIvrXml, encodeIvrXml } from '../../src/codec/ivr-xml.ts';
import { FrameReader } from '../../src/codec/frame-reader.ts';
import { gliXmlCodec } from '../../src/codec/ivr-xml.ts';
import type { Envelope } from '../../src/codec/envelope.ts';
import type { Violation } from '../../src/catalog/types.ts';

const MAX = 1_048_576;
const doc = (body: string, prologue = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<!DOCTYPE GctiMsg SYSTEM 'IServer.dtd'>\n") => Buffer.from(`${prologue}${body}`, 'latin1');

function ok(frame: Buffer): Envelope {
  const r = decodeIvrXml(frame, MAX);
  assert.ok(r.ok, JSON.stringify(r));
  return r.envelope;
}

function refused(frame: Buffer): Violation {
  const r = decodeIvrXml(frame, MAX);
  assert.ok(!r.ok, `expected a refusal: ${JSON.stringify(r)}`);
  assert.equal(r.violations.length, 1, JSON.stringify(r.violations));
  return r.violations[0];
}

test('the real 8.1 reply decodes: CallId echoed, IServerVer read as IServerVersion and reported', () => {
  const frame = doc("<GctiMsg>\n  <CallId>DEPVARS</CallId>\n  <LoginResp IServerVer='IVR Server:8.1.001.02' Result='Success' Status='OK'/>\n</GctiMsg>");
  const r = decodeIvrXml(frame, MAX);
  assert.ok(r.ok);
  assert.deepEqual(r.envelope, { protocol: 'IVR', message: 'LoginResp', attributes: { CallId: 'DEPVARS', IServerVersion: 'IVR Server:8.1.001.02', Result: 'Success', Status: 'OK' } });
  assert.equal(r.notes?.[0].code, 'ALIAS_USED');
  assert.match(r.notes?.[0].message ?? '', /IServerVer/);
});

test('round trip: KV lists, text children, subtypes, ReqId and RequestId', () => {
  const cases: Envelope[] = [
    { protocol: 'IVR', message: 'LoginResp', attributes: { CallId: 'k1', IServerVersion: '8.1', Result: 'Success', Status: 'OK', ConfigOptions: { a: 'b', n: 3, nested: { x: 'y' } } } },
    { protocol: 'IVR', message: 'MonitorInfo', referenceId: 7, attributes: { CallId: 'k1', Agent: { PortNum: '01', Status: 'LoggedIn' } } },
    { protocol: 'IVR', message: 'NewCall', attributes: { CallId: 'c1', CallControlMode: 'Network', CalledNum: '5001', ANI: '555', DNIS: '800', UDataEx: { lang: 'fr & <en>' } } },
    { protocol: 'IVR', message: 'UDataSet', referenceId: 3, attributes: { CallId: 'c1', Action: 'Add', UDataEx: { k: "it's \"é\" €" } } },
    { protocol: 'IVR', message: 'RouteResponse', attributes: { CallId: 'c1', RouteType: 'Normal', Dest: '7001' } },
  ];
  for (const env of cases) assert.deepEqual(ok(encodeIvrXml(env)), env);
});

test('the encoder writes the real prologue, RequestId as a child of UDataSet, ReqId as an attribute of MonitorInfo, and only ISO-8859-1 bytes', () => {
  const u = encodeIvrXml({ protocol: 'IVR', message: 'UDataSet', referenceId: 3, attributes: { CallId: 'c1', UDataEx: { k: '€' } } }).toString('latin1');
  assert.ok(u.startsWith("<?xml version='1.0' encoding='ISO-8859-1'?>\n<!DOCTYPE GctiMsg SYSTEM 'IServer.dtd'>\n<GctiMsg><CallId>c1</CallId><UDataSet>"), u);
  assert.match(u, /<RequestId>3<\/RequestId>/);
  assert.match(u, /Val='&#8364;'/);
  const m = encodeIvrXml({ protocol: 'IVR', message: 'MonitorInfo', referenceId: 9, attributes: { CallId: 'k', Server: { Name: 'TS1', Status: 'OK' } } }).toString('latin1');
  assert.match(m, /<MonitorInfo ReqId='9'><Server Name='TS1' Status='OK'\/><\/MonitorInfo>/);
});

test('the seed\'s lower-case subtype spelling is read as PascalCase and reported', () => {
  const r = decodeIvrXml(doc('<GctiMsg><CallId>k</CallId><MonitorInfo><agent portnum="01" status="Ready"></agent></MonitorInfo></GctiMsg>'), MAX);
  assert.ok(r.ok);
  assert.deepEqual(r.envelope.attributes.Agent, { PortNum: '01', Status: 'Ready' });
  assert.equal(r.notes?.[0].code, 'ALIAS_USED');
});

test('a frame reader validates IVR messages against the catalog and pairs ReqId like a referenceId', () => {
  const reader = new FrameReader({ codec: gliXmlCodec });
  const req = reader.read(encodeIvrXml({ protocol: 'IVR', message: 'AgentControl', referenceId: 4, attributes: { CallId: 'k', PortNum: '5001', Action: 'Login', AgentId: 'A1' } }), { sender: 'IVR1', fromRole: 'IVR', toRole: 'IVRServer' });
  assert.equal(req.kind, 'message');
  assert.deepEqual(req.kind === 'message' ? req.violations : undefined, []);
  const ans = reader.read(encodeIvrXml({ protocol: 'IVR', message: 'MonitorInfo', referenceId: 4, attributes: { CallId: 'k', Agent: { PortNum: '5001', Status: 'Bogus' } } }), { sender: 'IVRS', fromRole: 'IVRServer', toRole: 'IVR' });
  assert.equal(ans.kind, 'message');
  assert.deepEqual(ans.kind === 'message' ? ans.violations.map((v) => v.code) : [], ['NOT_IN_ENUM']);
  const stray = reader.read(encodeIvrXml({ protocol: 'IVR', message: 'UDataResp', referenceId: 99, attributes: { CallId: 'k' } }), { sender: 'IVRS', fromRole: 'IVRServer', toRole: 'IVR' });
  assert.deepEqual(stray.kind === 'message' ? stray.violations.map((v) => v.code) : [], ['UNMATCHED_RESPONSE']);
});

test('malformed XML is refused with the line and column', () => {
  const v = refused(doc('<GctiMsg><CallId>k</CallId><LoginReq Version="4.0"></GctiMsg>'));
  assert.equal(v.code, 'NOT_XML');
  assert.match(v.message, /not well-formed XML at \d+:\d+/);
});

test('a document that is not a GctiMsg with CallId and one message is refused, saying what it held', () => {
  assert.match(refused(doc('<Other/>')).message, /root is Other, not GctiMsg/);
  assert.match(refused(doc('<GctiMsg><LoginReq/></GctiMsg>')).message, /holds LoginReq; it holds one CallId/);
  assert.match(refused(doc('<GctiMsg><CallId>k</CallId><A/><B/></GctiMsg>')).message, /holds CallId, A, B/);
  assert.match(refused(doc('<GctiMsg><CallId>k</CallId><NewCall><UDataEx><Pair k="v"/></UDataEx></NewCall></GctiMsg>')).message, /KV list holds <Node/);
});

test('billion laughs: entity declarations are refused before parsing, never expanded', () => {
  const lol = `<!DOCTYPE GctiMsg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
  const v = refused(doc(`<GctiMsg><CallId>&lol2;</CallId><LoginReq Version="4.0" ClientName="x"/></GctiMsg>`, lol));
  assert.equal(v.code, 'NOT_XML');
  assert.match(v.message, /declares an entity/);
});

test('an external entity is refused and named as one', () => {
  const xxe = `<!DOCTYPE GctiMsg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
  const v = refused(doc(`<GctiMsg><CallId>&xxe;</CallId><LoginReq Version="4.0" ClientName="x"/></GctiMsg>`, xxe));
  assert.match(v.message, /external one/);
});

test('a DOCTYPE internal subset without entities is refused too; an undeclared entity reference is refused, never left in a value', () => {
  assert.match(refused(doc('<GctiMsg><CallId>k</CallId><LoginReq/></GctiMsg>', "<!DOCTYPE GctiMsg [<!ATTLIST GctiMsg a CDATA 'x'>]>")).message, /internal subset/);
  assert.match(refused(doc('<GctiMsg><CallId>&foo;</CallId><LoginReq/></GctiMsg>')).message, /entity &foo;/);
});

test('predefined and character references are resolved, nothing else', () => {
  const env = ok(doc('<GctiMsg><CallId>a&amp;b</CallId><LoginReq ClientName="&lt;&#233;&#x41;&gt;" Version="4.0"/></GctiMsg>'));
  assert.equal(env.attributes.CallId, 'a&b');
  assert.equal(env.attributes.ClientName, '<éA>');
});

test('bytes outside ISO-8859-1 are refused with their offset; UTF-8 is named as the likely cause', () => {
  const utf8 = Buffer.concat([doc('<GctiMsg><CallId>'), Buffer.from('€', 'utf8'), Buffer.from('</CallId><LoginReq/></GctiMsg>')]);
  const v = refused(utf8);
  assert.equal(v.code, 'NOT_XML');
  assert.match(v.message, /byte 0x82 at offset \d+ .*not an ISO-8859-1 character/);
  assert.match(v.hint ?? '', /UTF-8/);
  assert.match(refused(Buffer.from([0x3c, 0x01, 0x3e])).message, /byte 0x01 at offset 1/);
});

test('a payload over the limit is not parsed', () => {
  const r = decodeIvrXml(doc('<GctiMsg><CallId>k</CallId><LoginReq/></GctiMsg>'), 10);
  assert.ok(!r.ok);
  assert.equal(r.violations[0].code, 'FRAME_TOO_LARGE');
});
