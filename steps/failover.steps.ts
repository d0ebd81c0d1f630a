import { Given, When } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';

// GenEM Login/Logout and Disconnection and Failover: participants connected to several Interaction
// Servers (an agent application's first is its primary), logging out, and an Interaction Server that
// goes away and comes back.

/** `"IS1" and "IS2"`, `"IS1", "IS2" and "IS3"`: the servers in the order written. */
function serverList(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

Given(/^an agent application "([^"]+)" connected to ((?:"[^"]+", )*"[^"]+" and "[^"]+")$/, async function (this: World, name: string, servers: string) {
  await this.start({ name, role: 'AgentApplication', reach: serverList(servers) });
});

Given(/^an? (?:reporting engine|Stat Server) "([^"]+)" connected to ((?:"[^"]+", )*"[^"]+" and "[^"]+")$/, async function (this: World, name: string, servers: string) {
  await this.start({ name, role: 'StatServer', reach: serverList(servers) });
});

When('{string} logs its agent out', async function (this: World, desktop: string) {
  await this.session.stimulate(desktop, { kind: 'logout' });
});

// An Interaction Server disconnects with the shared `{string} disconnects` step (steps/interactions.steps.ts):
// the disconnect stimulus takes every role that holds connections, Interaction Server included.

When('{string} restarts', async function (this: World, server: string) {
  this.session.require(server, 'InteractionServer', 'an Interaction Server');
  await this.session.stimulate(server, { kind: 'restart' });
});
