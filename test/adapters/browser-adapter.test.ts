import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Bindings } from '../../src/adapters/index.ts';
import { expectAgentStatus } from '../../src/session/agent-status.ts';
import { receivedStatusShown } from '../../src/session/displayed-status.ts';
import { closeBrowserResources, Session } from '../../src/session/session.ts';

// The browser adapter's setup errors: a selector map that does not fit the page, a Chromium that is not
// there; the status a desktop receives read on its screen. (The Deliver variants through the web desktop wait out timers: test/slow/browser-deliver.test.ts.)

const DESKTOP = "Agent1's desktop";
const BROWSER: Bindings = { dir: '.', participants: {}, roles: { AgentApplication: { kind: 'browser' } }, env: {} };

after(() => closeBrowserResources());

test('a selector that matches nothing is an error naming the selector and the page, with a screenshot', async () => {
  const bindings: Bindings = { ...BROWSER, roles: { AgentApplication: { kind: 'browser', selectors: { login: '#no-such-button' }, stimulusTimeoutMs: 500 } } };
  const session = Session.create({ name: 'bad selector', traceFile: null, bindings });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] }), (err: Error & { verdict?: string }) => {
      assert.equal(err.verdict, 'error');
      assert.match(err.message, /selector login "#no-such-button" matched nothing visible on http:\/\/127\.0\.0\.1:\d+\/index\.html\?server=\S+ within 500 ms \(screenshot attached: Agent1's desktop \d+ no login\.png\)/);
      return true;
    });
    assert.ok(session.stepAttachments.some((a) => a.name.endsWith('no login.png')));
  } finally {
    await session.dispose();
  }
});

test('a browser that cannot launch is a setup error that says how to install one', async () => {
  const bindings: Bindings = { ...BROWSER, roles: { AgentApplication: { kind: 'browser', executablePath: '/nonexistent/chromium' } } };
  const session = Session.create({ name: 'no chromium', traceFile: null, bindings });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await assert.rejects(session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] }), (err: Error & { verdict?: string }) => {
      assert.equal(err.verdict, 'error');
      assert.match(err.message, /cannot launch Chromium at \/nonexistent\/chromium: .*apt-get install -y chromium/);
      return true;
    });
  } finally {
    await session.dispose();
  }
});

test('the status a desktop receives is read on its screen too: each media and do-not-disturb', async () => {
  const session = Session.create({ name: 'status on screen', traceFile: null, bindings: BROWSER });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
    await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
    await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['voice', 'email'] });
    // The Genesys default rule: one voice interaction, nothing of any other media; do-not-disturb off.
    const expected = { media: { voice: 1, email: 0 }, dnd: false };
    assert.deepEqual(await expectAgentStatus(session, DESKTOP, expected), { ok: true });
    assert.deepEqual(await receivedStatusShown(session, DESKTOP, expected), { ok: true });
    assert.ok(session.stepAttachments.some((a) => a.name.endsWith('shows off for do-not-disturb.png')));
    const wrong = await receivedStatusShown(session, DESKTOP, { media: { email: 1 }, dnd: true });
    assert.equal(wrong.ok, false);
    assert.match(wrong.ok ? '' : wrong.text, /^the status came on the wire, but the screen disagrees — it shows "NotReady" for "email", not "Ready" \(read from "#status-email" on http:\S+; screenshot attached: [^)]+\); it shows "off" for do-not-disturb, not "on" \(read from "#dnd"/);
  } finally {
    await session.dispose();
  }
});

test('a page whose selector map has no dnd is unreadable for do-not-disturb (the status step checks that part on the wire only)', async () => {
  // examples/web-desktop, a third party's page, shows no do-not-disturb.
  const page = { kind: 'browser', page: 'examples/web-desktop/index.html', selectors: { registered: '#link[data-up="yes"]', status: '.channel[data-channel="{media}"] .presence' } } as const;
  const session = Session.create({ name: 'no dnd', traceFile: null, bindings: { ...BROWSER, roles: { AgentApplication: page } } });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
    const adapter = session.require(DESKTOP, 'AgentApplication', 'the desktop').adapter;
    assert.deepEqual(await adapter.display!({ kind: 'dnd', expect: 'on', withinMs: 10 }), { status: 'unreadable', reason: "the browser binding's selectors have no dnd (where do-not-disturb is shown; its text reads on or off)" });
  } finally {
    await session.dispose();
  }
});
