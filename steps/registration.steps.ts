import { Given, When, Then, DataTable } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { awaitDisconnect } from '../src/session/disconnect-check.ts';
import { FlowAssertionError, InconclusiveError } from '../src/session/scenario-error.ts';

// GenEM Registration: a client that connects and does not register, a registration with a given client
// type, a request sent as given, and the disconnect when the registration timer expires.

Given('an agent application {string} connected to {string} that does not register', async function (this: World, name: string, server: string) {
  await this.start({ name, role: 'AgentApplication', reach: [server], registers: false });
});

When('{string} registers', async function (this: World, client: string) {
  await this.session.stimulate(client, { kind: 'register' });
});

When('{string} registers as client type {string}', async function (this: World, client: string, clientType: string) {
  await this.session.stimulate(client, { kind: 'register', clientType });
});

When('{string} registers as client type {string} with client name {string}', async function (this: World, client: string, clientType: string, clientName: string) {
  await this.session.stimulate(client, { kind: 'register', clientType, clientName });
});

When('{string} sends {string}', async function (this: World, client: string, message: string) {
  await this.session.stimulate(client, { kind: 'request', message, attributes: {} });
});

// Values that read as whole numbers are sent as numbers (TenantId: 101), true/false as booleans, the rest as text.
When('{string} sends {string} with:', async function (this: World, client: string, message: string, table: DataTable) {
  const attributes: Record<string, unknown> = {};
  for (const r of table.hashes()) attributes[r.attribute] = /^-?\d+$/.test(r.value) ? Number(r.value) : r.value === 'true' ? true : r.value === 'false' ? false : r.value;
  await this.session.stimulate(client, { kind: 'request', message, attributes });
});

Then('{string} disconnects {string} when the {word} timer expires', async function (this: World, server: string, client: string, timer: string) {
  this.session.require(server, 'InteractionServer', 'an Interaction Server');
  this.session.require(client, undefined, 'a participant');
  const v = await awaitDisconnect(this.session, { server, client, timer, timerMs: this.session.timerValue(timer) });
  const where = this.stepWhere(`"${server}" disconnects "${client}" when the ${timer} timer expires`);
  if (v.verdict === 'fail') throw new FlowAssertionError(`${v.text} (${where})`);
  if (v.verdict === 'inconc') throw new InconclusiveError(`${v.text} (${where})`);
});
