import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { awaitAccepted } from '../src/session/accepted.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';
import { namedOrOnly, partsOf, unquote } from '../src/cucumber/step-words.ts';

// Stimuli of the models after delivery: submitting as an agent or with a request the server must refuse,
// registering with an extension, stopping processing, changing properties, asking a third-party server for
// a service (ESP). Each goes to the participant through the session, whoever plays it.

/** Plain names of RequestSubmit's attributes a scenario may leave out, and the PSDK names they stand for. */
const SUBMIT_ATTRIBUTES: Readonly<Record<string, string>> = {
  'a media type': 'MediaType',
  'an interaction type': 'InteractionType',
  'a queue': 'Queue',
  'a tenant': 'TenantId',
};

function withoutAttribute(world: World, words: string): string {
  const quoted = /^"([^"]+)"$/.exec(words);
  if (quoted) return quoted[1];
  const name = SUBMIT_ATTRIBUTES[words];
  if (!name) world.fail(`"without ${words}": say ${Object.keys(SUBMIT_ATTRIBUTES).map((w) => `without ${w}`).join(', ')}, or name the attribute, e.g. without "InteractionSubtype"`);
  return name;
}

// "tries to": the server may refuse it, and the scenario checks what it answered; "submits" must succeed.
When(/^"([^"]+)" tries to submit an? "([^"]+)" interaction to queue "([^"]+)"$/, async function (this: World, submitter: string, mediaType: string, queue: string) {
  await this.session.stimulate(submitter, { kind: 'submit', mediaType, queue, mayBeRefused: true });
});

When(/^"([^"]+)" tries to submit (an? (?:"[^"]+" )?interaction) to queue "([^"]+)" without (.+)$/, async function (this: World, submitter: string, what: string, queue: string, words: string) {
  const [mediaType] = partsOf(what, /^an? (?:"([^"]+)" )?interaction$/);
  const without = withoutAttribute(this, words);
  await this.session.stimulate(submitter, { kind: 'submit', mediaType: mediaType ?? 'email', queue, without: [without], mayBeRefused: true });
});

// An agent's desktop submits as its logged-in agent, who handles the new interaction (no queue needed).
Given(/^"([^"]+)" submits an? "([^"]+)" interaction(?: as its agent)?$/, async function (this: World, desktop: string, mediaType: string) {
  this.session.require(desktop, 'AgentApplication', 'an agent\'s desktop that submits as its agent (a media server names a queue: `submits an "email" interaction to queue "Inbound"`)');
  await this.session.stimulate(desktop, { kind: 'submit', mediaType, queue: '' });
});

When(/^"([^"]+)" tries to submit an? "([^"]+)" interaction as its agent$/, async function (this: World, desktop: string, mediaType: string) {
  await this.session.stimulate(desktop, { kind: 'submit', mediaType, queue: '', mayBeRefused: true });
});

Given(/^a media server "([^"]+)" connected to "([^"]+)" registered with extension "([^"]+)" = ("[^"]*")$/, async function (this: World, name: string, server: string, key: string, quoted: string) {
  const value = unquote(quoted);
  await this.start({ name, role: 'MediaServer', reach: [server] });
  // KV values are integers where they read as one (event_properties_changed = 1), text otherwise.
  await this.session.stimulate(name, { kind: 'reconnect', extension: { [key]: /^-?\d+$/.test(value) ? Number(value) : value } });
});

Given('{string} reconnects without registering', async function (this: World, name: string) {
  await this.session.stimulate(name, { kind: 'reconnect', register: false });
});

/**
 * Waits until the server has taken the desktop's accept of the interaction (on the trace: its EventAck to the
 * accept, or EventPartyAdded), so what follows finds the interaction with the agent. At most the delivering
 * timer plus 1.5 s, extended by the harness's lag.
 */
Given('{string} has accepted the interaction', async function (this: World, desktop: string) {
  const interaction = this.session.lastInteraction();
  const seen = await awaitAccepted(this.session, desktop, interaction, this.session.timerValue('delivering') + 1500);
  if (seen.kind === 'refused') {
    const a = seen.answer.attributes;
    throw new FlowAssertionError(`"${desktop}" sent RequestAccept for interaction ${interaction} (seq ${seen.accept.seq}) and ${seen.answer.from} refused it (seq ${seen.answer.seq}, EventError ${String(a.ErrorCode)}${typeof a.ErrorDescription === 'string' ? `: ${a.ErrorDescription}` : ''}), so no agent handles the interaction (${this.stepWhere('has accepted the interaction')})`, [seen.accept.seq, seen.answer.seq]);
  }
  if (seen.kind === 'not-taken') {
    const what = seen.accept
      ? `"${desktop}" sent RequestAccept (seq ${seen.accept.seq}) but nothing shows the server took it: no EventAck to it, no EventPartyAdded for interaction ${interaction}`
      : `"${desktop}" sent no RequestAccept for interaction ${interaction}`;
    throw new FlowAssertionError(`${what} by ${Math.round(seen.waitedUntil)} ms (${this.stepWhere('has accepted the interaction')}): tell it to accept first (\`"${desktop}" will accept invitations\`) and route the interaction to its agent`, seen.accept ? [seen.accept.seq] : []);
  }
});

function actor(world: World, named: string | undefined): string {
  return named ?? world.session.only('URS', 'add `And a URS "URS" connected to "IS1"`').name;
}

When(/^(URS|"[^"]+") (stops processing the interaction(?: with reason "[^"]*")?)$/, async function (this: World, who: string, words: string) {
  const [reason] = partsOf(words, /^stops processing the interaction(?: with reason "([^"]*)")?$/);
  await this.session.stimulate(actor(this, namedOrOnly(who)), { kind: 'stop-processing', interaction: this.session.lastInteraction(), ...(typeof reason === 'string' ? { reason: { ReasonDescription: reason } } : {}) });
});

When(/^(URS|"[^"]+") (changes|adds|deletes) property "([^"]+)" (of the interaction(?: (?:to|as) "[^"]*")?)$/, async function (this: World, who: string, verb: string, property: string, words: string) {
  const [value] = partsOf(words, /^of the interaction(?: (?:to|as) "([^"]*)")?$/);
  if (verb !== 'deletes' && typeof value !== 'string') this.fail(`say the value: \`${verb} property "${property}" of the interaction ${verb === 'adds' ? 'as' : 'to'} "…"\``);
  const change = verb === 'changes' ? { changed: { [property]: value } } : verb === 'adds' ? { added: { [property]: value } } : { deleted: [property] };
  await this.session.stimulate(actor(this, namedOrOnly(who)), { kind: 'change-properties', interaction: this.session.lastInteraction(), ...change });
});

When(/^(URS|"[^"]+") asks "([^"]+)" for an autoresponse to the interaction$/, async function (this: World, who: string, server: string) {
  await this.session.stimulate(actor(this, namedOrOnly(who)), { kind: 'invoke-service', interaction: this.session.lastInteraction(), server, service: 'email', method: 'Autoresponse' });
});

When(/^(URS|"[^"]+") asks "([^"]+)" for service "([^"]+)" method "([^"]+)" on the interaction$/, async function (this: World, who: string, server: string, service: string, method: string) {
  await this.session.stimulate(actor(this, namedOrOnly(who)), { kind: 'invoke-service', interaction: this.session.lastInteraction(), server, service, method });
});
