import { readFileSync } from 'node:fs';
import { Given, Then } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { awaitCapacity, expectAgentStatus } from '../src/session/agent-status.ts';
import type { ExpectedStatus } from '../src/session/agent-status.ts';
import { receivedStatusShown } from '../src/session/displayed-status.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';

// Reporting Engine Connects (seed 000): the capacity rules a Stat Server runs (configuration, given
// before it starts), the status each agent application receives — on the wire, and on screen too for a
// desktop that has one (a browser binding) — and the capacity vector [S N1 N2 N3] the Stat Server
// computes (reference §5.1).

Given('the Stat Server {string} runs the capacity rules in {string}', function (this: World, stat: string, file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    this.fail(`${this.stepWhere('capacity rules')}: cannot read ${file}: ${(err as Error).message} (paths are relative to the run's folder)`);
  }
  this.setCapacityRules(stat, { file, text });
});

/** Assignments given by steps: one rule file written as JSON (which is YAML), so the same loader checks it. */
Given(/^the Stat Server "([^"]+)" runs capacity rule "([^"]+)" for (agent|place|tenant) "([^"]+)"$/, function (this: World, stat: string, rule: string, level: string, key: string) {
  const given = this.capacityRulesOf(stat);
  const generated = given?.file.endsWith('(capacity rules the steps assign)') ? (JSON.parse(given.text) as { assign: Record<string, Record<string, string>> }) : undefined;
  if (given && !generated) this.fail(`${this.stepWhere('capacity rule')}: "${stat}" runs the rules in ${given.file} already; assign ${rule} there`);
  const rules = generated ?? { assign: {} };
  rules.assign[level] = { ...rules.assign[level], [key]: rule };
  this.setCapacityRules(stat, { file: this.stepWhere('capacity rules the steps assign'), text: JSON.stringify(rules, null, 2) });
});

/** `voice 1, email 0` (media and 1 / 0), optionally `do-not-disturb on|off`. */
function parseStatus(world: World, text: string): ExpectedStatus {
  const out: ExpectedStatus = { media: {} };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const dnd = /^do-not-disturb (on|off)$/.exec(part);
    const media = /^(\S+) ([01])$/.exec(part);
    if (dnd) out.dnd = dnd[1] === 'on';
    else if (media) out.media[media[1]] = Number(media[2]);
    else world.fail(`${world.stepWhere('status')}: cannot read "${part}" — write each media as "<media> 1" (routable) or "<media> 0", and optionally "do-not-disturb on" / "off", separated by commas`);
  }
  return out;
}

Then('{string} receives the status {string}', async function (this: World, desktop: string, status: string) {
  const expected = parseStatus(this, status);
  const r = await expectAgentStatus(this.session, desktop, expected);
  if (!r.ok) throw new FlowAssertionError(`${r.text} (${this.stepWhere(`"${desktop}" receives the status "${status}"`)})`);
  const shown = await receivedStatusShown(this.session, desktop, expected);
  if (!shown.ok) throw new FlowAssertionError(`"${desktop}" receives the status "${status}": ${shown.text} (${this.stepWhere('status on screen')})`);
});

Then(
  /^the Stat Server "([^"]+)" computes the capacity (\[(?:R|NR) \d+ \d+ \d+\]) for agent "([^"]+)" on "([^"]+)"$/,
  async function (this: World, stat: string, vector: string, agent: string, media: string) {
    const a = await awaitCapacity(this.session, stat, agent, (x) => x.vectors?.[media] === vector);
    if (a.vectors?.[media] === vector) return;
    const got = a.vectors === null ? `agent ${agent} is not logged in on any Interaction Server ${stat} follows` : a.vectors[media] === undefined ? `agent ${agent} has no ${media} (its media: ${Object.keys(a.vectors).join(', ')})` : `${a.vectors[media]} (rule ${a.rule}, via ${a.via})`;
    throw new FlowAssertionError(`${stat} computes ${got} for agent ${agent} on ${media}; expected ${vector} (${this.stepWhere('capacity')})`);
  },
);

Then('the Stat Server {string} runs agent {string} under capacity rule {string}', async function (this: World, stat: string, agent: string, rule: string) {
  const a = await awaitCapacity(this.session, stat, agent, (x) => x.rule === rule);
  if (a.rule === rule) return;
  throw new FlowAssertionError(`${stat} runs agent ${agent} under ${a.rule === undefined ? 'no rule: it is not logged in anywhere the Stat Server follows' : `${a.rule} (via ${a.via})`}; expected ${rule} (${this.stepWhere('capacity rule')})`);
});
