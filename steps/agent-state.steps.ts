import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';
import { awaitMessage } from '../src/session/trace-queries.ts';
import { interactionNamed, partsOf } from '../src/cucumber/step-words.ts';

// The flows Stat Server's media-channel actions need (issue 10, item 4) that the GenEM models do not
// bring: readiness, media added and removed, do-not-disturb, outbound and internal interactions a desktop
// starts, a supervisor intruding (as a full party, a coach or a monitor), an agent asking to be coached,
// and a response sent. Each goes to the desktop through the session, whoever plays it.

When(/^"([^"]+)" becomes (not ready|ready) for "([^"]+)"$/, async function (this: World, desktop: string, state: string, media: string) {
  await this.session.stimulate(desktop, state === 'ready' ? { kind: 'ready', media } : { kind: 'not-ready', media });
});

When(/^"([^"]+)" (adds|removes) the "([^"]+)" media$/, async function (this: World, desktop: string, verb: string, media: string) {
  await this.session.stimulate(desktop, { kind: verb === 'adds' ? 'add-media' : 'remove-media', media });
});

When(/^"([^"]+)" turns do-not-disturb (on|off)$/, async function (this: World, desktop: string, state: string) {
  await this.session.stimulate(desktop, { kind: 'do-not-disturb', on: state === 'on' });
});

// The desktop's agent submits the interaction and handles it (GenEM Agent Submits Interaction), of this type.
When(/^"([^"]+)" starts an? (outbound|internal) "([^"]+)" interaction$/, async function (this: World, desktop: string, type: string, mediaType: string) {
  this.session.require(desktop, 'AgentApplication', 'an agent\'s desktop that starts an interaction');
  await this.session.stimulate(desktop, { kind: 'submit', mediaType, queue: '', interactionType: type === 'outbound' ? 'Outbound' : 'Internal' });
});

const AGENT_AT_PLACE = /^agent "([^"]+)"(?: at place "([^"]+)")?$/;

const MODES: Readonly<Record<string, string>> = { 'a full party': 'Conference', 'a coach': 'Coach', 'a monitor': 'Monitor' };

When(/^"([^"]+)" intrudes on (the interaction|interaction "[^"]+") as (a full party|a coach|a monitor)$/, async function (this: World, desktop: string, which: string, as: string) {
  await this.session.stimulate(desktop, { kind: 'intrude', interaction: this.session.interaction(interactionNamed(which)), visibility: MODES[as]! });
});

When(/^"([^"]+)" asks (agent "[^"]+"(?: at place "[^"]+")?) to coach it on (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, who: string, which: string) {
  const [agent, place] = partsOf(who, AGENT_AT_PLACE) as [string, string | undefined];
  await this.session.stimulate(desktop, { kind: 'request-coaching', interaction: this.session.interaction(interactionNamed(which)), agent, ...(place !== undefined ? { place } : {}) });
});

When(/^"([^"]+)" sends (an? (?:"[^"]+" )?response) to (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, what: string, which: string) {
  const [mediaType] = partsOf(what, /^an? (?:"([^"]+)" )?response$/);
  await this.session.stimulate(desktop, { kind: 'send-response', interaction: this.session.interaction(interactionNamed(which)), ...(mediaType !== undefined ? { mediaType } : {}) });
});

// Waits for the EventInvite, so what follows (the customer abandoning) finds the interaction offered.
Given(/^"([^"]+)" has been invited to (the interaction|interaction "[^"]+")$/, async function (this: World, desktop: string, which: string) {
  const id = this.session.interaction(interactionNamed(which));
  const invite = await awaitMessage(this.session, 'EventInvite', desktop);
  const about = (invite?.attributes.Interaction as Record<string, unknown> | undefined)?.InteractionId;
  if (about !== id) throw new FlowAssertionError(`no EventInvite for interaction ${id} reached "${desktop}"${invite ? ` (the last one, seq ${invite.seq}, was for ${String(about)})` : ''}: route the interaction to its agent first`);
});
