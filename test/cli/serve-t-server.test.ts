import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WebSocket } from 'ws';
import { serveInProcess } from './serve-kit.ts';

// `flowcert serve TServer` in-process through main(argv, io): it prints the T-Library face, and a real
// client on it registers a DN.

const dir = mkdtempSync(join(tmpdir(), 'flowcert-serve-ts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('serve TServer=TS1 prints its tlib endpoint and serves a T-Library client', async () => {
  const serving = serveInProcess(['TServer=TS1', '--json', '--no-trace'], dir);
  await serving.firstLine;
  const stdout = serving.out();
  const { interrupt, done } = serving;
  const line = JSON.parse(stdout.trim()) as { participants: { name: string; role: string; endpoints: { tlib: string } }[] };
  assert.deepEqual([line.participants[0].name, line.participants[0].role], ['TS1', 'TServer']);
  assert.match(line.participants[0].endpoints.tlib, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
  const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const ws = new WebSocket(`${line.participants[0].endpoints.tlib}?participant=Desk&role=AgentApplication`);
    ws.once('error', reject);
    ws.once('open', () => ws.send('{"protocol":"TLibrary","message":"RequestRegisterAddress","referenceId":4,"attributes":{"ThisDN":"7001"}}'));
    ws.once('message', (d) => {
      resolve(JSON.parse(d.toString()) as Record<string, unknown>);
      ws.close();
    });
  });
  assert.deepEqual([answer.message, answer.referenceId, answer.attributes], ['EventRegistered', 4, { ThisDN: '7001' }]);
  interrupt('SIGINT');
  assert.equal(await done, 0);
});
