import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { readTrace } from '../../src/trace/reader.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import { CheckedConnection } from '../../src/transport/checked-connection.ts';
import type { FrameSocket } from '../../src/transport/frame-socket.ts';

/**
 * A received frame's attributes go into the trace file as the frame holds them when it can (no second
 * stringify): whatever the layout, the file must read back into the very entries the recorder kept.
 */
test('received frames in any layout read back from the file as the entries recorded in memory', async () => {
  let deliver: (f: string | Buffer) => void = () => undefined;
  const socket: FrameSocket = {
    transport: 'ws', isOpen: true, peerAddress: '127.0.0.1:1', bufferedAmount: 0,
    send: () => undefined, onFrame: (h) => (deliver = h), onBadFraming: () => undefined, onClose: () => undefined,
    onError: () => undefined, close: () => undefined, terminate: () => undefined,
  };
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-attrs-')), 't.ndjson');
  const rec = new TraceRecorder({ file, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  const conn = new CheckedConnection({ socket, local: { name: 'IS1', role: 'InteractionServer' }, remote: { name: 'Agent1', role: 'AgentApplication', namedBy: 'query' }, defaultRemoteName: () => 'x', path: '/', maxFrameBytes: 1 << 20, observer: traceObserver(rec) });
  conn.onMessage(() => undefined);
  const frames = [
    '{"protocol":"InteractionManagement","message":"RequestRegisterClient","referenceId":1,"attributes":{"ClientName":"Agent1","ClientType":"AgentApplication"}}',
    '{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":2,"attributes":{"TenantId":101.0,"PlaceId":"P \\"1\\" }","AgentId":"é\\u2194","MediaList":{"voice":1}}}',
    '{"protocol": "InteractionManagement", "message": "RequestAgentLogout", "referenceId": 3, "attributes": {"PlaceId": "P1"}}',
    '{"protocol":"InteractionManagement","message":"RequestAgentLogout","referenceId":4,"attributes":{"PlaceId":"A"},"attributes":{"PlaceId":"B"}}',
    '{"protocol":"InteractionManagement","message":"RequestAgentLogout","referenceId":5}',
    '{"protocol":"InteractionManagement","message":"RequestAgentLogout","referenceId":7,"attributes":{"PlaceId":\n"P\\n2"}}',
  ];
  for (const f of frames) deliver(f);
  deliver(Buffer.from(frames[0].replace('"referenceId":1', '"referenceId":6')));
  const kept = rec.close();
  const read = await readTrace(file);
  assert.deepEqual(read.diagnostics.filter((d) => d.severity === 'error'), []);
  const messages = kept.entries.filter((e) => e.type === 'message');
  assert.equal(messages.length, 7);
  assert.deepEqual(read.trace!.entries, kept.entries);
  const attrs = messages.map((m) => (m.type === 'message' ? m.attributes : undefined));
  assert.deepEqual(attrs[1], { TenantId: 101, PlaceId: 'P "1" }', AgentId: 'é↔', MediaList: { voice: 1 } });
  assert.deepEqual(attrs[3], { PlaceId: 'B' }, 'a repeated key: the last one, as parsed');
  assert.deepEqual(attrs[4], {});
  assert.deepEqual(attrs[5], { PlaceId: 'P\n2' }, 'a newline between tokens: stringified, the line stays one line');
});
