import { Given } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';

// Starting the participants of a scenario. Each is bound as the run's configuration says (the
// reference implementation by default, on 127.0.0.1, port 0) and connects to the servers it names.

Given('an Interaction Server {string}', async function (this: World, name: string) {
  await this.start({ name, role: 'InteractionServer' });
});

Given('an Interaction Server {string} with a delivering timeout of {duration}', async function (this: World, name: string, ms: number) {
  this.setTimer('delivering', ms);
  await this.start({ name, role: 'InteractionServer' });
});

Given('the {string} timer is {duration}', function (this: World, timer: string, ms: number) {
  this.setTimer(timer, ms);
});

Given(/^an? (?:reporting engine|Stat Server) "([^"]+)" connected to "([^"]+)"$/, async function (this: World, name: string, server: string) {
  await this.start({ name, role: 'StatServer', reach: [server] });
});

Given('a URS {string} connected to {string}', async function (this: World, name: string, server: string) {
  await this.start({ name, role: 'URS', reach: [server] });
});

Given('a media server {string} connected to {string}', async function (this: World, name: string, server: string) {
  await this.start({ name, role: 'MediaServer', reach: [server] });
});

Given('an agent application {string} connected to {string}', async function (this: World, name: string, server: string) {
  await this.start({ name, role: 'AgentApplication', reach: [server] });
});

Given(
  'agent {string} at place {string} is logged in to {string} for {string} through {string}',
  async function (this: World, agent: string, place: string, server: string, media: string, desktop: string) {
    const running = this.session.participant(desktop);
    if (!running) await this.start({ name: desktop, role: 'AgentApplication', reach: [server] });
    else if (!running.reaches.includes(server)) {
      // Saying "logged in to IS2" through a desktop connected to IS1 must not quietly log in to IS1.
      this.fail(`"${desktop}" is connected to ${running.reaches.join(', ') || 'no server'}, not to "${server}": start a desktop connected to "${server}", or log in to ${running.reaches.join(', ')}`);
    } else if (running.reaches[0] !== server) {
      // A desktop logs in on its primary (the first server it was connected to) and is only available on the others.
      this.fail(`"${desktop}" logs in on its primary Interaction Server "${running.reaches[0]}" (the first it was connected to), not on "${server}": log in to "${running.reaches[0]}", or connect the desktop to "${server}" first`);
    }
    await this.session.stimulate(desktop, { kind: 'login', agent, place, media: media.split(',').map((m) => m.trim()).filter(Boolean) });
  },
);
