import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { castOf } from '../src/session/reference-cast.ts';
import type { InviteAction } from '../src/servers/index.ts';

// Stimuli: submitting and routing interactions, and what agents do with invitations.

Given(/^"([^"]+)" submits an? "([^"]+)" interaction to queue "([^"]+)"$/, async function (this: World, mediaServer: string, mediaType: string, queue: string) {
  await castOf(this.session).submit(mediaServer, mediaType, queue);
});

When(/^(?:URS|"([^"]+)") routes the interaction to agent "([^"]+)" at place "([^"]+)"$/, async function (this: World, urs: string | undefined, agentId: string, placeId: string) {
  const cast = castOf(this.session);
  await cast.route(urs ?? cast.onlyUrs(), cast.lastInteraction(), agentId, placeId);
});

Given('{string} will {invite-action} invitations', function (this: World, desktop: string, action: InviteAction) {
  castOf(this.session).setInvitePolicy(desktop, action);
});

Given('{string} will {invite-action} invitations after {duration}', function (this: World, desktop: string, action: InviteAction, delayMs: number) {
  castOf(this.session).setInvitePolicy(desktop, { action, delayMs });
});

When('{string} disconnects', async function (this: World, name: string) {
  await castOf(this.session).disconnect(name);
});
