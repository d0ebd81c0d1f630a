import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exchange, serveInProcess } from './serve-kit.ts';
import { parseTrace } from '../../src/trace/reader.ts';

// `flowcert serve` off loopback only with a token (README, "Access token"). On loopback addresses only:
// an address elsewhere without a token is refused before anything binds; the token's enforcement is
// what a loopback listener given a token does.

const dir = mkdtempSync(join(tmpdir(), 'flowcert-serve-token-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'serve-token-0a1b2c3d4e5f';
const serve = (args: string[], env: Record<string, string> = {}) => serveInProcess(args, dir, env);



const REGISTER = '{"protocol":"InteractionManagement","message":"RequestRegisterClient","referenceId":3,"attributes":{"ClientName":"Desk","ClientType":"AgentApplication"}}';

test('--host elsewhere than loopback without a token is a usage error, said before anything listens', async () => {
  for (const host of ['0.0.0.0', '192.0.2.7']) {
    const s = serve(['--host', host, '--no-trace']);
    assert.equal(await s.done, 2);
    assert.equal(s.out(), '', 'no endpoint printed: nothing listened');
    assert.equal(
      s.err(),
      `flowcert serve: --host ${host} is not a loopback address: clients connecting from elsewhere must present an access token, and none is set\n  set one: FLOWCERT_TOKEN=$(openssl rand -hex 16) flowcert serve --host ${host} (or --token), and give it to whoever connects; they add ?token=<token> to the URL (README, "Access token")\n`,
    );
  }
  const short = serve(['--host', '0.0.0.0', '--no-trace'], { FLOWCERT_TOKEN: 'guessable' });
  assert.equal(await short.done, 2);
  assert.match(short.err(), /^flowcert serve: the access token \(FLOWCERT_TOKEN\) must be at least 16 characters long, it is 9: a client elsewhere could guess a shorter one\n {2}generate one: openssl rand -hex 16\n$/);
});

test('with FLOWCERT_TOKEN, serve requires it: the endpoints printed without it, a client without it refused (and recorded), one with it served; the trace never holds it', async () => {
  const trace = join(dir, 'token.ndjson');
  const s = serve(['--json', '--trace', trace], { FLOWCERT_TOKEN: TOKEN });
  await s.firstLine;
  const line = JSON.parse(s.out().trim()) as { participants: { endpoints: { im: string } }[]; token: string };
  assert.equal(line.token, 'required');
  const im = line.participants[0].endpoints.im;
  assert.match(im, /^ws:\/\/127\.0\.0\.1:\d+\/$/, 'printed without the token');
  assert.ok(!s.out().includes(TOKEN));
  assert.equal(await exchange(`${im}?participant=Stranger`, REGISTER), 401);
  assert.equal(await exchange(`${im}?token=not-the-token-at-all&participant=Guesser`, REGISTER), 403);
  const ack = (await exchange(`${im}?token=${TOKEN}&participant=Desk&role=AgentApplication`, REGISTER)) as Record<string, unknown>;
  assert.deepEqual([ack.message, ack.referenceId], ['EventAck', 3]);
  s.interrupt('SIGINT');
  assert.equal(await s.done, 0);
  const text = readFileSync(trace, 'utf8');
  assert.ok(!text.includes(TOKEN), 'the trace does not hold the token');
  assert.ok(!text.includes('not-the-token-at-all'), 'nor what a client presented');
  const notes = parseTrace(text, trace).trace!.entries.filter((e) => e.type === 'note' && e.kind === 'error').map((e) => (e.type === 'note' ? e.text.replace(/:\d+ /, ':PORT ') : ''));
  assert.deepEqual(notes, [
    'IS1: refused a connection of "Stranger" from 127.0.0.1:PORT to /: it presented no access token',
    'IS1: refused a connection of "Guesser" from 127.0.0.1:PORT to /: it presented a wrong access token',
  ]);
  assert.match(text, /IS1 listens on im ws:\/\/127\.0\.0\.1:\d+\/\?token=\[secret\]/);
});

test('--token on loopback: the same, and the printed endpoints say how to present it', async () => {
  const s = serve(['--token', TOKEN, '--no-trace']);
  await s.firstLine;
  await new Promise((r) => setTimeout(r, 50));
  assert.match(s.out(), /^IS1 \(Interaction Server\)\n {2}im {4}ws:\/\/127\.0\.0\.1:\d+\/ {3}.*\n {2}tlib {2}ws:\/\/127\.0\.0\.1:\d+\/tlib {3}.*\nclients present the access token: \?token=<token> on these URLs \(README, "Access token"\)\nCtrl-C stops\.\n$/);
  const im = /im {4}(\S+)/.exec(s.out())![1];
  assert.equal(await exchange(im, REGISTER), 401);
  s.interrupt('SIGINT');
  assert.equal(await s.done, 0);
});
