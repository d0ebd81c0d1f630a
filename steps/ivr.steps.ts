import { Given, When, Then } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { agentStateOnPort, isLoggedIn, ivrConfigurationOf, useIvrConfiguration } from '../src/session/ivr-scenario.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';
import { partsOf } from '../src/cucumber/step-words.ts';

// The IVR Server and its IVRs (IVR XML over GLI-framed TCP, issue 11). Thin: the words, then the
// session's stimuli; the IVR configuration is loaded by src/session/ivr-config.ts.

Given('the IVR configuration {string}', async function (this: World, file: string) {
  await useIvrConfiguration(this, file);
});

async function startIvrServer(world: World, name: string, tservers: string[]): Promise<void> {
  const configuration = ivrConfigurationOf(world);
  await world.start({ name, role: 'IVRServer', reach: tservers });
  await world.session.stimulate(name, { kind: 'configure-ivr', configuration: configuration as unknown as Record<string, unknown> });
}

Given('an IVR Server {string}', async function (this: World, name: string) {
  await startIvrServer(this, name, []);
});

Given('an IVR Server {string} connected to {string}', async function (this: World, name: string, tserver: string) {
  await startIvrServer(this, name, [tserver]);
});

Given('an IVR Server {string} connected to {string} and {string}', async function (this: World, name: string, first: string, second: string) {
  await startIvrServer(this, name, [first, second]);
});

Given('an IVR {string} connected to {string}', async function (this: World, name: string, server: string) {
  await this.start({ name, role: 'IVR', reach: [server] });
});

Given('{string} holds its initialisation', async function (this: World, server: string) {
  await this.session.stimulate(server, { kind: 'ivr-initialisation', state: 'held' });
});

When('{string} completes its initialisation', async function (this: World, server: string) {
  await this.session.stimulate(server, { kind: 'ivr-initialisation', state: 'complete' });
});

When(/^"([^"]+)" (logs in(?: as "[^"]*")?(?: with protocol version "[^"]*")?)$/, async function (this: World, ivr: string, words: string) {
  const [clientName, version] = partsOf(words, /^logs in(?: as "([^"]*)")?(?: with protocol version "([^"]*)")?$/);
  await this.session.stimulate(ivr, { kind: 'ivr-login', ...(clientName !== undefined ? { clientName } : {}), ...(version !== undefined ? { version } : {}) });
});

When(/^port "([^"]+)" of IVR "([^"]+)" becomes (unusable|usable) on "([^"]+)"$/, async function (this: World, port: string, ivr: string, how: string, server: string) {
  await this.session.stimulate(server, { kind: 'port-usability', ivr, port, usable: how === 'usable' });
});

When('{string} logs agent {string} in on port {string}', async function (this: World, ivr: string, agent: string, port: string) {
  await this.session.stimulate(ivr, { kind: 'agent-control', port, action: 'Login', agent });
});

When(/^"([^"]+)" (logs out|sets Ready|sets NotReady|queries) the agent on port "([^"]+)"$/, async function (this: World, ivr: string, what: string, port: string) {
  const action = ({ 'logs out': 'Logout', 'sets Ready': 'Ready', 'sets NotReady': 'NotReady', queries: 'Query' } as const)[what as 'queries'];
  await this.session.stimulate(ivr, { kind: 'agent-control', port, action });
});

When('{string} reports new call {string} on DN {string}', async function (this: World, ivr: string, call: string, dn: string) {
  await this.session.stimulate(ivr, { kind: 'new-call', call, port: dn, ani: '5550100', dnis: '8005550199' });
});

When('{string} attaches {string} = {string} to call {string}', async function (this: World, ivr: string, key: string, value: string, call: string) {
  await this.session.stimulate(ivr, { kind: 'udata-set', call, userData: { [key]: value } });
});

When('{string} reads the user data of call {string}', async function (this: World, ivr: string, call: string) {
  await this.session.stimulate(ivr, { kind: 'udata-get', call });
});

When('{string} asks for call {string} to be routed from {string}', async function (this: World, ivr: string, call: string, rp: string) {
  await this.session.stimulate(ivr, { kind: 'route-request', call, routeDN: rp });
});

When('{string} ends call {string}', async function (this: World, ivr: string, call: string) {
  await this.session.stimulate(ivr, { kind: 'end-call', call, cause: 'Normal' });
});

When('{string} sends a GLI KeepAlive', async function (this: World, ivr: string) {
  await this.session.stimulate(ivr, { kind: 'keep-alive' });
});

/** Seed 003: Unknown is taken as LoggedOut; Ready and NotReady imply LoggedIn. */
Then(/^"([^"]+)" takes the agent on port "([^"]+)" as (logged out|logged in)$/, function (this: World, ivr: string, port: string, want: string) {
  const state = agentStateOnPort(this.session.snapshot().entries, ivr, port);
  if (state === undefined) throw new FlowAssertionError(`no MonitorInfo Agent for port ${port} reached "${ivr}" (${this.stepWhere('takes the agent')})`);
  const loggedIn = isLoggedIn(state.taken);
  if (loggedIn !== (want === 'logged in')) throw new FlowAssertionError(`"${ivr}" was told ${state.said} for port ${port}, which reads as ${state.taken}, not ${want}`);
});
