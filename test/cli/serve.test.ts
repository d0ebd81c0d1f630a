import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exchange as exchangeOrStatus, serveInProcess } from './serve-kit.ts';
import { SERVE_USAGE } from '../../src/cli/usage.ts';
import { parseTrace } from '../../src/trace/reader.ts';

// `flowcert serve` in-process (serve-kit.ts).

const dir = mkdtempSync(join(tmpdir(), 'flowcert-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const serve = (args: string[]) => serveInProcess(args, dir);
const exchange = async (url: string, frame: string) => (await exchangeOrStatus(url, frame)) as Record<string, unknown>;



test('serve prints the endpoints as JSON, serves a real client, and on Ctrl-C stops with the trace sealed', async () => {
  const trace = join(dir, 'served.ndjson');
  const s = serve(['--json', '--trace', trace, '--timer', 'delivering=2000']);
  await s.firstLine;
  const line = JSON.parse(s.out().trim()) as { participants: { name: string; role: string; endpoints: { im: string; tlib: string } }[]; trace: string };
  assert.equal(line.participants[0].name, 'IS1');
  assert.equal(line.participants[0].role, 'InteractionServer');
  assert.match(line.participants[0].endpoints.im, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(line.participants[0].endpoints.tlib, /^ws:\/\/127\.0\.0\.1:\d+\/tlib$/);
  const ack = await exchange(`${line.participants[0].endpoints.im}?participant=Desk&role=AgentApplication`, '{"protocol":"InteractionManagement","message":"RequestRegisterClient","referenceId":7,"attributes":{"ClientName":"Desk","ClientType":"AgentApplication"}}');
  assert.deepEqual([ack.message, ack.referenceId], ['EventAck', 7]);
  s.interrupt('SIGINT');
  assert.equal(await s.done, 0);
  const read = parseTrace(readFileSync(trace, 'utf8'), trace);
  assert.ok(read.trace?.footer, 'the trace ends with its footer');
  const messages = read.trace!.entries.filter((e) => e.type === 'message').map((e) => (e.type === 'message' ? `${e.from} → ${e.to} ${e.message}` : ''));
  assert.deepEqual(messages, ['Desk → IS1 RequestRegisterClient', 'IS1 → Desk EventAck']);
});

test('a fixed port, and a port that is taken: exit 4 with the reason', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const s = serve(['--no-trace', '--port', `IS1=${port}`]);
    assert.equal(await s.done, 4);
    assert.match(s.err(), new RegExp(`^flowcert serve: .*EADDRINUSE.*${port}`));
  } finally {
    blocker.close();
  }
});

test('usage errors name what is allowed: an unknown role, a client role without --control, a port for nobody', async () => {
  const unknown = serve(['InteractionServr']);
  assert.equal(await unknown.done, 2);
  assert.match(unknown.err(), /^flowcert serve: unknown role InteractionServr — did you mean InteractionServer\?\n {2}roles: InteractionServer, StatServer/);
  const client = serve(['URS']);
  assert.equal(await client.done, 2);
  assert.match(client.err(), /URS1 is a URS, a client: it has nothing to serve on its own/);
  const port = serve(['--port', 'IS9=7000']);
  assert.equal(await port.done, 2);
  assert.match(port.err(), /--port IS9=7000: no served participant IS9 \(serving: IS1\)/);
  const help = serve(['--help']);
  assert.equal(await help.done, 0);
  assert.equal(help.out(), SERVE_USAGE);
});

test('--profile: the served Interaction Server acts out that reading, and the trace says so; an unknown one is a usage error', async () => {
  const trace = join(dir, 'profile.ndjson');
  const s = serve(['--json', '--trace', trace, '--profile', 'genem-table']);
  await s.firstLine;
  s.interrupt('SIGINT');
  assert.equal(await s.done, 0);
  const read = parseTrace(readFileSync(trace, 'utf8'), trace).trace!;
  assert.equal(read.header.meta?.profile, 'genem-table', 'flowcert check reads the profile from the header');
  const notes = read.entries.filter((e) => e.type === 'note').map((e) => (e.type === 'note' ? e.text : ''));
  assert.ok(notes.some((t) => /^IS1 acts out profile genem-table: EventRouteUsed to URS as the invitation goes out/.test(t)), notes.join('\n'));

  const typo = serve(['--profile', 'genem-tabel']);
  assert.equal(await typo.done, 2);
  assert.match(typo.err(), /^flowcert serve: --profile genem-tabel: the reference servers act out no such reading — did you mean genem-table\?\n {2}profiles they act out: genem-table, genem-prose \(README/);
  const withControl = serve(['--profile', 'genem-table', '--control', 'ws://127.0.0.1:1/control']);
  assert.equal(await withControl.done, 2);
  assert.match(withControl.err(), /the profile comes with its start/);
});

test('serve offers the reference web desktop on the Interaction Server it serves: its URL, the page and its compiled script', async () => {
  const s = serve(['--json', '--no-trace', '--timer', 'delivering=2000']);
  await s.firstLine;
  const line = JSON.parse(s.out().trim()) as { participants: { endpoints: { im: string } }[]; desktop: string };
  const url = new URL(line.desktop);
  assert.match(url.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(url.searchParams.get('server'), line.participants[0].endpoints.im);
  assert.equal(url.searchParams.get('delivering'), '2000');
  const html = await (await fetch(url)).text();
  assert.match(html, /<section id="invitation" hidden>/);
  const script = await fetch(new URL('desktop.js', url));
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.match(await script.text(), /RequestAgentLogin/);
  s.interrupt('SIGINT');
  assert.equal(await s.done, 0);
});
