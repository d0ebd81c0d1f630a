import { Given } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { castOf } from '../src/session/reference-cast.ts';
import type { FaultName } from '../src/servers/index.ts';

// Starting the reference participants of a scenario. Each runs on 127.0.0.1, port 0.

async function startInteractionServer(world: World, name: string, deliveringTimeoutMs?: number): Promise<void> {
  const faults = (world.parameters.faults?.[name] ?? []) as FaultName[];
  // A run-level `--timer delivering=…` wins over the feature's words, so CI can run every scenario fast.
  const timeout = world.parameters.timers?.delivering ?? deliveringTimeoutMs ?? world.session.timers.delivering;
  await castOf(world.session).interactionServer(name, { ...(timeout !== undefined ? { deliveringTimeoutMs: timeout } : {}), faults });
}

Given('an Interaction Server {string}', async function (this: World, name: string) {
  await startInteractionServer(this, name);
});

Given('an Interaction Server {string} with a delivering timeout of {duration}', async function (this: World, name: string, ms: number) {
  await startInteractionServer(this, name, ms);
});

Given('the {string} timer is {duration}', function (this: World, timer: string, ms: number) {
  this.session.setTimer(timer, ms);
});

Given(/^an? (?:reporting engine|Stat Server) "([^"]+)" connected to "([^"]+)"$/, async function (this: World, name: string, server: string) {
  await castOf(this.session).reportingEngine(name, server);
});

Given('a URS {string} connected to {string}', async function (this: World, name: string, server: string) {
  await castOf(this.session).urs(name, server);
});

Given('a media server {string} connected to {string}', async function (this: World, name: string, server: string) {
  await castOf(this.session).mediaServer(name, server);
});

Given('an agent application {string} connected to {string}', async function (this: World, name: string, server: string) {
  await castOf(this.session).agentApplication(name, server);
});

Given(
  'agent {string} at place {string} is logged in to {string} for {string} through {string}',
  async function (this: World, agentId: string, placeId: string, server: string, media: string, desktop: string) {
    const cast = castOf(this.session);
    if (!this.session.participant(desktop)) await cast.agentApplication(desktop, server);
    await cast.loginAgent(desktop, agentId, placeId, media.split(',').map((m) => m.trim()).filter(Boolean));
  },
);
