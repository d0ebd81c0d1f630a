import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { serveInProcess } from './serve-kit.ts';
import { ReferenceIvr } from '../../src/servers/index.ts';

// `flowcert serve TServer=TS1 IVRServer=IVRS1`: the IVR Server's endpoint printed as tcp://127.0.0.1:PORT,
// a third-party IVR logs in there, and the IVR Server is a client of the T-Server served before it.

const dir = mkdtempSync(join(tmpdir(), 'flowcert-serve-ivr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('flowcert serve prints the IVR Server\'s endpoint as tcp://127.0.0.1:PORT; an IVR logs in there; its T-Server link is up', async () => {
  const serving = serveInProcess(['TServer=TS1', 'IVRServer=IVRS1', '--json'], dir);
  await serving.firstLine;
  const stdout = serving.out();
  const { interrupt, done } = serving;
  const served = JSON.parse(stdout.split('\n')[0]) as { participants: { name: string; endpoints: Record<string, string> }[] };
  const ivrs = served.participants.find((p) => p.name === 'IVRS1');
  assert.match(ivrs?.endpoints.ivr ?? '', /^tcp:\/\/127\.0\.0\.1:\d+$/);
  const ivr = new ReferenceIvr({ url: ivrs!.endpoints.ivr, name: 'IVR1' });
  await ivr.start();
  const resp = await ivr.login();
  assert.equal(resp.attributes.Status, 'OK');
  // Connected to TS1 (served first), which it registered the default ports on: the agent's login goes through.
  const answer = await ivr.agentControl({ port: '01', action: 'Login', agent: '1001' });
  assert.equal(answer.message, 'MonitorInfo');
  await ivr.stop();
  interrupt('SIGINT');
  assert.equal(await done, 0);
});

test('--ivr-config gives the served IVR Server its IVRs: IVR7 logs in with its options, IVR1 is no such client', async () => {
  const file = join(dir, 'ivrs.yaml');
  writeFileSync(file, ['tservers:', '  TS1:', '    switch: SIP_Switch', '    routePoints: ["5000"]', 'ivrs:', '  IVR7:', '    tservers: [TS1]', '    ports:', '      "01": { dn: "8001" }', '    configOptions:', '      greeting: hello', ''].join('\n'));
  const serving = serveInProcess(['TServer=TS1', 'IVRServer=IVRS1', '--ivr-config', 'ivrs.yaml', '--json', '--no-trace'], dir);
  await serving.firstLine;
  const served = JSON.parse(serving.out().split('\n')[0]) as { participants: { name: string; endpoints: Record<string, string> }[] };
  const url = served.participants.find((p) => p.name === 'IVRS1')!.endpoints.ivr;
  const ivr7 = new ReferenceIvr({ url, name: 'IVR7' });
  const ivr1 = new ReferenceIvr({ url, name: 'IVR1' });
  try {
    await ivr7.start();
    const resp = await ivr7.login();
    assert.equal(resp.attributes.Status, 'OK');
    assert.deepEqual(resp.attributes.ConfigOptions, { greeting: 'hello' });
    await ivr1.start();
    assert.equal((await ivr1.login()).attributes.Status, 'NoSuchClient');
  } finally {
    await ivr7.stop();
    await ivr1.stop();
    serving.interrupt('SIGINT');
  }
  assert.equal(await serving.done, 0);
});

test('--ivr-config with problems lists each with file:line:col and serves nothing; without an IVR Server it is a usage error', async () => {
  writeFileSync(join(dir, 'bad.yaml'), ['tservers:', '  TS1: {}', 'ivrs:', '  IVR7:', '    ports: {}', ''].join('\n'));
  const bad = serveInProcess(['TServer=TS1', 'IVRServer=IVRS1', '--ivr-config', 'bad.yaml', '--no-trace'], dir);
  assert.equal(await bad.done, 2);
  assert.match(bad.err(), /^bad\.yaml:5:5 error IVRCONFIG_MISSING_KEY IVR IVR7 has no tservers$/m);
  assert.equal(bad.out(), '');
  const none = serveInProcess(['TServer=TS1', '--ivr-config', 'bad.yaml', '--no-trace'], dir);
  assert.equal(await none.done, 2);
  assert.match(none.err(), /--ivr-config bad\.yaml: no IVR Server is served \(serving: TS1\)/);
});
