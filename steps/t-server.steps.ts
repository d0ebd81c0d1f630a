import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';

// A T-Server and its T-Library clients (voice): an agent's desktop connected to a T-Server is a
// T-Library client ("an agent application … connected to "TS1"" starts one), as is URS there. Steps
// that set the scene (Given) require the T-Server's positive answer; the others (When) are done once
// answered, whatever the answer, so an EventError a scenario expects is the flow checks' to judge.

Given('a T-Server {string}', async function (this: World, name: string) {
  await this.start({ name, role: 'TServer' });
});

Given('T-Server {string} puts agents in {string} after login', async function (this: World, server: string, state: string) {
  await this.session.stimulate(server, { kind: 'configure-after-login', state });
});

type Stimulus = Parameters<World['session']['stimulate']>[1];

Given('DN {string} is configured on T-Server {string} as a {string}', async function (this: World, dn: string, server: string, type: string) {
  await this.session.stimulate(server, { kind: 'configure-dn', dn, type });
});

When('agent {string} logs in on the phone set of DN {string} of {string}', async function (this: World, agent: string, dn: string, server: string) {
  await this.session.stimulate(server, { kind: 'agent-at-set', dn, action: 'login', agent });
});

When(/^the agent at DN "([^"]+)" of "([^"]+)" (logs out|goes ready|goes not ready) on the phone set$/, async function (this: World, dn: string, server: string, what: string) {
  const action = what === 'logs out' ? 'logout' : what === 'goes ready' ? 'ready' : 'not-ready';
  await this.session.stimulate(server, { kind: 'agent-at-set', dn, action });
});

/** Carries out a T-Library client's request and, for a Given, requires the answer it names. */
async function expect(world: World, who: string, s: Stimulus, answer: string): Promise<void> {
  const data = await world.session.stimulate(who, s);
  if (data.answer !== answer) world.fail(`${who} was answered ${String(data.answer)}${data.errorCode !== undefined ? ` (ErrorCode ${String(data.errorCode)})` : ''}, not ${answer}: the scenario cannot go on as written`);
}

Given('{string} has registered DN {string}', async function (this: World, who: string, dn: string) {
  await expect(this, who, { kind: 'register-dn', dn }, 'EventRegistered');
});

Given('agent {string} is logged in at DN {string} through {string}', async function (this: World, agent: string, dn: string, who: string) {
  await expect(this, who, { kind: 'agent-login', dn, agent }, 'EventAgentLogin');
});

When('{string} registers DN {string}', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'register-dn', dn });
});

When('{string} unregisters DN {string}', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'unregister-dn', dn });
});

When('{string} logs agent {string} in at DN {string}', async function (this: World, who: string, agent: string, dn: string) {
  await this.session.stimulate(who, { kind: 'agent-login', dn, agent });
});

When('{string} logs the agent at DN {string} out', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'agent-logout', dn });
});

When('{string} makes the agent at DN {string} ready', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'agent-ready', dn });
});

When('{string} makes the agent at DN {string} not ready', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'agent-not-ready', dn });
});

When('{string} asks the agent state of DN {string}', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'query-agent-state', dn });
});

When(/^the CTI link of "([^"]+)" goes down$/, async function (this: World, server: string) {
  await this.session.stimulate(server, { kind: 'link-down' });
});

When(/^the CTI link of "([^"]+)" comes back$/, async function (this: World, server: string) {
  await this.session.stimulate(server, { kind: 'link-up' });
});

When('a call from {string} arrives at DN {string} of {string}', async function (this: World, ani: string, dn: string, server: string) {
  await this.session.stimulate(server, { kind: 'call-arrives', dn, ani });
});

When('the caller at DN {string} of {string} hangs up', async function (this: World, dn: string, server: string) {
  await this.session.stimulate(server, { kind: 'caller-hangs-up', dn });
});

When('{string} calls DN {string} from DN {string}', async function (this: World, who: string, to: string, dn: string) {
  await this.session.stimulate(who, { kind: 'make-call', dn, to });
});

When('{string} answers the call at DN {string}', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'answer-call', dn });
});

When('{string} hangs up at DN {string}', async function (this: World, who: string, dn: string) {
  await this.session.stimulate(who, { kind: 'release-call', dn });
});

When('{string} routes the call at route point {string} to DN {string}', async function (this: World, urs: string, routePoint: string, target: string) {
  await this.session.stimulate(urs, { kind: 'route-call', routePoint, target });
});
