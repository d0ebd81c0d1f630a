import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';

// Stimuli: submitting and routing interactions, and what agents do with invitations. Each goes to the
// participant through the session, whoever plays it (reference, process, remote).

Given(/^"([^"]+)" submits an? "([^"]+)" interaction to queue "([^"]+)"$/, async function (this: World, mediaServer: string, mediaType: string, queue: string) {
  await this.session.stimulate(mediaServer, { kind: 'submit', mediaType, queue });
});

When(/^(?:URS|"([^"]+)") routes the interaction to agent "([^"]+)" at place "([^"]+)"$/, async function (this: World, urs: string | undefined, agent: string, place: string) {
  const router = urs ?? this.session.only('URS', 'add `And a URS "URS" connected to "IS1"`').name;
  await this.session.stimulate(router, { kind: 'route', interaction: this.session.lastInteraction(), agent, place });
});

Given('{string} will {invite-action} invitations', async function (this: World, desktop: string, action: 'accept' | 'reject' | 'ignore') {
  await this.session.stimulate(desktop, { kind: action });
});

Given('{string} will {invite-action} invitations after {duration}', async function (this: World, desktop: string, action: 'accept' | 'reject' | 'ignore', delayMs: number) {
  await this.session.stimulate(desktop, action === 'ignore' ? { kind: 'ignore' } : { kind: action, delayMs });
});

// The reason is free text, so it goes in ReasonInfo's ReasonDescription (ReasonSystemName names a
// configured reason, Reason a code: neither is text a scenario writer has).
Given('{string} will reject invitations with reason {string}', async function (this: World, desktop: string, reason: string) {
  await this.session.stimulate(desktop, { kind: 'reject', reason: { ReasonDescription: reason } });
});

When('{string} disconnects', async function (this: World, name: string) {
  await this.session.stimulate(name, { kind: 'disconnect' });
});
