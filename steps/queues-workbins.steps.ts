import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { processingRace } from '../src/session/processing-race.ts';
import { InconclusiveError } from '../src/session/scenario-error.ts';
import { namedOrOnly, partsOf } from '../src/cucumber/step-words.ts';

// Queues, workbins and pulling (GenEM Place Interaction in Queue / in Workbin, Agent Pulls Interaction,
// Workbin Operations). Each step is a stimulus to the participant it names, whoever plays it; a request
// the server refuses is still done — the flow checks read its EventError from the trace.

/** "URS" alone names the scenario's only URS; any other name is quoted. */
function actor(world: World, quoted: string | undefined): string {
  return quoted ?? world.session.only('URS', 'add `And a URS "URS" connected to "IS1"`').name;
}

/** `workbin "Drafts"` or `workbin "Drafts" of agent "Agent2"`: the workbin, and its owner when named. */
const WORKBIN_OF = /^workbin "([^"]+)"(?: of agent "([^"]+)")?$/;

Given('workbin {string} is configured on {string}', async function (this: World, workbin: string, server: string) {
  await this.session.stimulate(server, { kind: 'configure-workbin', workbin });
});

When(/^(URS|"[^"]+") places the interaction in queue "([^"]+)"$/, async function (this: World, who: string, queue: string) {
  await this.session.stimulate(actor(this, namedOrOnly(who)), { kind: 'place-in-queue', interaction: this.session.lastInteraction(), queue });
});

// "its workbin" is the desktop's own agent's; URS has none, so it names the owner ("of agent …").
When(/^(URS|"[^"]+") places the interaction in (?:its|the) (workbin "[^"]+"(?: of agent "[^"]+")?)$/, async function (this: World, who: string, words: string) {
  const [workbin, owner] = partsOf(words, WORKBIN_OF) as [string, string | undefined];
  await this.session.stimulate(actor(this, namedOrOnly(who)), { kind: 'place-in-workbin', interaction: this.session.lastInteraction(), workbin, ...(owner ? { owner } : {}) });
});

When('{string} pulls the interaction', async function (this: World, desktop: string) {
  await this.session.stimulate(desktop, { kind: 'pull', interaction: this.session.lastInteraction() });
});

When(/^"([^"]+)" asks for the content of (?:its )?(workbin "[^"]+"(?: of agent "[^"]+")?)$/, async function (this: World, desktop: string, words: string) {
  const [workbin, owner] = partsOf(words, WORKBIN_OF) as [string, string | undefined];
  await this.session.stimulate(desktop, { kind: 'get-workbin-content', workbin, ...(owner ? { owner } : {}) });
});

When(/^"([^"]+)" subscribes to (?:its )?(workbin "[^"]+"(?: of agent "[^"]+")?)$/, async function (this: World, desktop: string, words: string) {
  const [workbin, owner] = partsOf(words, WORKBIN_OF) as [string, string | undefined];
  await this.session.stimulate(desktop, { kind: 'subscribe-workbin', workbin, ...(owner ? { owner } : {}) });
});

When(/^"([^"]+)" cancels its notifications of (workbin "[^"]+"(?: of agent "[^"]+")?)$/, async function (this: World, desktop: string, words: string) {
  const [workbin, owner] = partsOf(words, WORKBIN_OF) as [string, string | undefined];
  await this.session.stimulate(desktop, { kind: 'unsubscribe-workbin', workbin, ...(owner ? { owner } : {}) });
});

/**
 * Processing Occurs: the agent works on the interaction it pulled, partway into the processing timer.
 * The pause is the scenario's content (a request mid-timer), not a wait for something to happen. When the
 * harness's own delay puts the request past the timer, the step says so (inconc) instead of letting the
 * flow check blame the server for the revoke that rightly came first.
 */
When('{duration} later, {string} asks for the content of its workbin {string}', async function (this: World, ms: number, desktop: string, workbin: string) {
  await this.session.pause(ms);
  await this.session.stimulate(desktop, { kind: 'get-workbin-content', workbin });
  const race = processingRace(this.session.snapshot(), desktop, this.session.lastInteraction(), 'RequestGetWorkbinContent', this.session.timerValue('handling'));
  if (race !== undefined) throw new InconclusiveError(race);
});
