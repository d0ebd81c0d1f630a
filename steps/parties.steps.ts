import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { awaitAcknowledged, deliverForHandling } from '../src/session/handling.ts';
import { interactionNamed, partsOf } from '../src/cucumber/step-words.ts';

// Who handles an interaction: an agent handling one (delivered and accepted), transferring it,
// conferencing another agent in, leaving it (GenEM Transfer, Conference). Each goes through the session,
// whoever plays the desktop. "the interaction" is the last one submitted; `interaction "Complaint"` is
// the one submitted `as "Complaint"`.

const AGENT_AT_PLACE = /^agent "([^"]+)"(?: at place "([^"]+)")?$/;

const URS_HINT = 'the interaction reaches the agent through URS: add `And a URS "URS" connected to "IS1"`';

Given(/^agent "([^"]+)" at place "([^"]+)" handles (the interaction|interaction "[^"]+") through "([^"]+)"$/, async function (this: World, agent: string, place: string, which: string, desktop: string) {
  const urs = this.session.only('URS', URS_HINT).name;
  await deliverForHandling(this.session, { desktop, agent, place, interaction: this.session.interaction(interactionNamed(which)), urs });
});

When(/^"([^"]+)" transfers (the interaction|interaction "[^"]+") to (agent "[^"]+"(?: at place "[^"]+")?)$/, async function (this: World, desktop: string, which: string, who: string) {
  const [agent, place] = partsOf(who, AGENT_AT_PLACE) as [string, string | undefined];
  await this.session.stimulate(desktop, { kind: 'transfer', interaction: this.session.interaction(interactionNamed(which)), agent, ...(place !== undefined ? { place } : {}) });
});

When(/^"([^"]+)" conferences (agent "[^"]+"(?: at place "[^"]+")?) into (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, who: string, which: string) {
  const [agent, place] = partsOf(who, AGENT_AT_PLACE) as [string, string | undefined];
  await this.session.stimulate(desktop, { kind: 'conference', interaction: this.session.interaction(interactionNamed(which)), agent, ...(place !== undefined ? { place } : {}) });
});

When(/^"([^"]+)" leaves (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, which: string) {
  await this.session.stimulate(desktop, { kind: 'leave', interaction: this.session.interaction(interactionNamed(which)) });
});

// Waits for the server's EventAck, so the next step acts on what the server has done: Agent 2 leaving
// a conference it has not joined yet would be refused, and two desktops leaving at once could be taken
// in either order.
Given(/^"([^"]+)" has joined (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, which: string) {
  await awaitAcknowledged(this.session, desktop, 'RequestAccept', this.session.interaction(interactionNamed(which)));
});

Given(/^"([^"]+)" has left (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, which: string) {
  await awaitAcknowledged(this.session, desktop, 'RequestLeaveInteraction', this.session.interaction(interactionNamed(which)));
});
