import { Then } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { expectDisplayedStatus } from '../src/session/displayed-status.ts';

// What an agent's desktop shows. A web desktop (the browser adapter) is read on its screen; a desktop
// without one shows what it was last told (EventCurrentAgentStatus in the trace). The status changes an
// agent makes are in agent-state.steps.ts.

Then('{string} shows status {string} for {string}', async function (this: World, desktop: string, status: string, media: string) {
  await expectDisplayedStatus(this.session, desktop, media, status, `"${desktop}" shows status "${status}" for "${media}"`);
});
