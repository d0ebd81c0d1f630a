import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';

// Stimuli: submitting and routing interactions, and what agents do with invitations. Each goes to the
// participant through the session, whoever plays it (reference, process, remote).

// `… as "Complaint"` names the interaction, for steps that act on one of several (`interaction "Complaint"`);
// "the interaction" is always the last one submitted. Two definitions rather than one optional group:
// cucumber's HTML report prints a step again for each capture group that matched nothing.
async function submit(world: World, mediaServer: string, mediaType: string, queue: string, name: string | undefined): Promise<void> {
  const { interactionId } = await world.session.stimulate(mediaServer, { kind: 'submit', mediaType, queue });
  if (name !== undefined) world.session.nameInteraction(name, interactionId as string);
}

Given(/^"([^"]+)" submits an? "([^"]+)" interaction to queue "([^"]+)"$/, async function (this: World, mediaServer: string, mediaType: string, queue: string) {
  await submit(this, mediaServer, mediaType, queue, undefined);
});

Given(/^"([^"]+)" submits an? "([^"]+)" interaction to queue "([^"]+)" as "([^"]+)"$/, async function (this: World, mediaServer: string, mediaType: string, queue: string, name: string) {
  await submit(this, mediaServer, mediaType, queue, name);
});

// Every group takes part in every match (who routes, which interaction): a group that matched nothing
// makes cucumber's HTML report print the step's text once more for each.
When(/^(URS|"[^"]+") routes (the interaction|interaction "[^"]+") to agent "([^"]+)" at place "([^"]+)"$/, async function (this: World, who: string, which: string, agent: string, place: string) {
  const urs = who === 'URS' ? undefined : who.slice(1, -1);
  const name = which === 'the interaction' ? undefined : which.slice('interaction "'.length, -1);
  const router = urs ?? this.session.only('URS', 'add `And a URS "URS" connected to "IS1"`').name;
  await this.session.stimulate(router, { kind: 'route', interaction: this.session.interaction(name), agent, place });
});

Given('{string} will {invite-action} invitations', async function (this: World, desktop: string, action: 'accept' | 'reject' | 'ignore') {
  await this.session.stimulate(desktop, { kind: action });
});

Given('{string} will {invite-action} invitations after {duration}', async function (this: World, desktop: string, action: 'accept' | 'reject' | 'ignore', delayMs: number) {
  await this.session.stimulate(desktop, action === 'ignore' ? { kind: 'ignore' } : { kind: action, delayMs });
});

// "400 ms after the delivering timer expires": timed by the timer this scenario runs (the feature's, the
// run's override, or the option's default where a system under test runs it), so the answer is late
// whatever the timer — the invitation is revoked by then, and the answer shows what the server makes of it.
Given('{string} will {invite-action} invitations {duration} after the {word} timer expires', async function (this: World, desktop: string, action: 'accept' | 'reject' | 'ignore', afterMs: number, timer: string) {
  if (action === 'ignore') this.fail(`"${desktop}" cannot ignore invitations ${afterMs} ms after a timer: ignoring takes no time — write \`"${desktop}" will ignore invitations\``);
  await this.session.stimulate(desktop, { kind: action, delayMs: this.session.timerValue(timer) + afterMs });
});

// The reason is free text, so it goes in ReasonInfo's ReasonDescription (ReasonSystemName names a
// configured reason, Reason a code: neither is text a scenario writer has).
Given('{string} will reject invitations with reason {string}', async function (this: World, desktop: string, reason: string) {
  await this.session.stimulate(desktop, { kind: 'reject', reason: { ReasonDescription: reason } });
});

When('{string} disconnects', async function (this: World, name: string) {
  await this.session.stimulate(name, { kind: 'disconnect' });
});
