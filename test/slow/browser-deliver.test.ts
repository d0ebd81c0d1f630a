import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Bindings } from '../../src/adapters/index.ts';
import { explain } from '../../src/flow/explain.ts';
import { expectDisplayedStatus } from '../../src/session/displayed-status.ts';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { closeBrowserResources, Session } from '../../src/session/session.ts';

// The reference web desktop in Chromium, bound as `browser`: it must pass each variant of the Deliver
// model as the reference desktop does, show the agent's status from EventCurrentAgentStatus, and leave a
// screenshot for each agent action. Slow: each variant waits out the model's timers (about 4 s each).

const DESKTOP = "Agent1's desktop";
const BROWSER: Bindings = { dir: '.', participants: {}, roles: { AgentApplication: { kind: 'browser' } }, env: {} };

after(() => closeBrowserResources());

async function deliver(policy: 'accept' | 'reject' | 'ignore', deliveringMs: number, bindings = BROWSER): Promise<Session> {
  const session = Session.create({ name: `deliver ${policy}, web desktop`, traceFile: null, bindings, timers: { delivering: deliveringMs } });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
  await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
  await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
  await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
  await session.stimulate(DESKTOP, policy === 'reject' ? { kind: 'reject', reason: { ReasonDescription: 'Busy' } } : { kind: policy });
  await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
  await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
  return session;
}

for (const [policy, variant] of [['accept', 'accept'], ['reject', 'reject'], ['ignore', 'timeout']] as const) {
  test(`the web desktop told to ${policy} passes the ${variant} variant of the Deliver model`, async () => {
    // A click in Chromium takes tens of ms, more on a loaded machine: a 2 s timer is far beyond that; ignore waits its short timer out.
    const session = await deliver(policy, policy === 'ignore' ? 300 : 2000);
    try {
      const check = await checkFlow(session, { model: await sharedModels.get('deliver-interaction-to-agent'), variant });
      assert.equal(check.result.verdict, 'pass', explain(check.result));
      const shots = session.stepAttachments.map((a) => a.name);
      assert.ok(shots.some((n) => n.includes('logged in')), `a screenshot after the login, among ${shots.join(', ')}`);
      if (policy !== 'ignore') assert.ok(shots.some((n) => n.includes(`clicked ${policy}`)), `a screenshot of the ${policy} click, among ${shots.join(', ')}`);
      assert.ok(session.stepAttachments.every((a) => a.mediaType === 'image/png' && a.data.length > 1000 && a.data[1] === 0x50), 'PNG screenshots');
    } finally {
      await session.dispose();
    }
  });
}

test('the web desktop shows the status EventCurrentAgentStatus carries, and a wrong expectation fails in the step\'s words', async () => {
  const session = await deliver('ignore', 2000);
  try {
    // The reference Stat Server runs the agent under the Genesys default rule (one voice interaction,
    // nothing of any other media): an email-only agent is never routable, so its desktop shows NotReady.
    assert.equal(await expectDisplayedStatus(session, DESKTOP, 'email', 'NotReady', 'step'), 'NotReady');
    await assert.rejects(expectDisplayedStatus(session, DESKTOP, 'email', 'Ready', `"${DESKTOP}" shows status "Ready" for "email"`), (err: Error) => {
      assert.match(err.message, /^"Agent1's desktop" shows status "Ready" for "email": no — it shows "NotReady" for "email", not "Ready"/);
      assert.match(err.message, /#status-email" on http:\/\/127\.0\.0\.1:\d+\/index\.html\?server=/);
      assert.match(err.message, /screenshot attached: Agent1's desktop \d+ shows NotReady for email, not Ready\.png/);
      return true;
    });
  } finally {
    await session.dispose();
  }
});

