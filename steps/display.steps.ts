import { Then, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { expectDisplayedStatus } from '../src/session/displayed-status.ts';

// What an agent's desktop shows, and the status changes an agent makes there. A web desktop (the
// browser adapter) is read on its screen; a desktop without one shows what it was last told
// (EventCurrentAgentStatus in the trace).

Then('{string} shows status {string} for {string}', async function (this: World, desktop: string, status: string, media: string) {
  await expectDisplayedStatus(this.session, desktop, media, status, `"${desktop}" shows status "${status}" for "${media}"`);
});

When('{string} makes its agent not ready for {string}', async function (this: World, desktop: string, media: string) {
  await this.session.stimulate(desktop, { kind: 'not-ready', media });
});

When('{string} makes its agent ready for {string}', async function (this: World, desktop: string, media: string) {
  await this.session.stimulate(desktop, { kind: 'ready', media });
});
