import { Given } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { awaitLoggedIn, violationLines } from '../src/session/logged-in.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';

/** How long a login step waits for the server's answer after the desktop says it is done (plus the harness's lag). */
const LOGIN_ANSWER_MS = 5000;

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
    const before = this.session.snapshot().entries.at(-1)?.seq ?? 0;
    await this.session.stimulate(desktop, { kind: 'login', agent, place, media: media.split(',').map((m) => m.trim()).filter(Boolean) });
    // The step promises the agent is logged in: the server's answer says so, not the desktop's `done`.
    const where = this.stepWhere('is logged in');
    const seen = await awaitLoggedIn(this.session, desktop, server, agent, before, LOGIN_ANSWER_MS);
    if (seen.kind === 'logged-in') return;
    if (seen.kind === 'refused') {
      const a = seen.answer.attributes;
      const broken = violationLines(seen.login);
      throw new FlowAssertionError(
        `"${server}" refused agent ${agent}'s login: EventError ${String(a.ErrorCode)}${typeof a.ErrorDescription === 'string' ? ` "${a.ErrorDescription}"` : ''} (seq ${seen.answer.seq}) to "${desktop}"'s RequestAgentLogin (seq ${seen.login.seq}) at ${where}` +
          (broken.length > 0 ? `; that request breaks the catalog:\n  ${broken.join('\n  ')}` : ''),
        [seen.login.seq, seen.answer.seq],
      );
    }
    const sent = seen.login;
    throw new FlowAssertionError(
      sent === undefined
        ? `"${desktop}" sent no RequestAgentLogin to "${server}" by ${Math.round(seen.waitedUntil)} ms (${where}): it said it logged agent ${agent} in, but nothing went on the wire`
        : sent.attributes.AgentId !== agent
          ? `"${desktop}" sent RequestAgentLogin (seq ${sent.seq}) with AgentId ${JSON.stringify(sent.attributes.AgentId)}, not "${agent}" (${where})`
          : `"${server}" did not answer "${desktop}"'s RequestAgentLogin (seq ${sent.seq}) by ${Math.round(seen.waitedUntil)} ms (${where}): no EventAck or EventError with referenceId ${String(sent.referenceId)}`,
      sent ? [sent.seq] : [],
    );
  },
);
