import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Bindings } from '../../src/adapters/index.ts';
import { closeBrowserResources, Session } from '../../src/session/session.ts';

// The browser adapter's setup errors: a selector map that does not fit the page, a Chromium that is not
// there. (The Deliver variants through the web desktop wait out timers: test/slow/browser-deliver.test.ts.)

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
