import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
