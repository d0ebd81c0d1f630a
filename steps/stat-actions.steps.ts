import { Given, Then } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { actionRecords, allActionRecords, awaitAction, kindOf, MOMENTS, momentOf } from '../src/session/action-records.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';
import { partsOf } from '../src/cucumber/step-words.ts';

// Stat Server media-channel actions (seed 001): a Stat Server publishes them on StatActions (flowcert's
// own protocol) to the harness's actions observer, and a scenario says what it recorded, for whom, with
// which of the seed's attributes, and at which Reporting events it started and ended.

// Restricted cluster mode (seed 001): Stat Server keeps no Interaction Server connection.
Given('a Stat Server {string} in restricted cluster mode', async function (this: World, name: string) {
  await this.start({ name, role: 'StatServer', reach: [] });
});

Given('{string} publishes its media-channel actions', async function (this: World, stat: string) {
  this.session.require(stat, 'StatServer', 'the Stat Server whose actions the scenario checks');
  await this.session.stimulate(stat, { kind: 'publish-actions' });
});

/** The delivering timer this scenario runs, when one is known: an invitation's end may wait for it. */
function delivering(world: World): number {
  try {
    return world.session.timerValue('delivering');
  } catch {
    return 0;
  }
}

function moment(world: World, words: string | undefined): readonly string[] | undefined {
  if (words === undefined) return undefined;
  const names = momentOf(words);
  if (!names) world.fail(`"at ${words}": say ${Object.keys(MOMENTS).join(', ')}, or name the Reporting event in quotes, e.g. at "EventPartyAdded"`);
  return names;
}

/** `MediaTypeID email, InteractionID any` → { MediaTypeID: 'email', InteractionID: '$any' }. */
function attributes(world: World, words: string | undefined): Record<string, string> | undefined {
  if (!words) return undefined;
  const out: Record<string, string> = {};
  for (const part of words.split(/,\s*/)) {
    const m = /^([A-Za-z]+) (\S+)$/.exec(part.trim());
    if (!m) world.fail(`"with ${words}": each attribute is "<seed name> <value>", separated by commas, e.g. with MediaTypeID email, InteractionID any`);
    out[m[1]!] = m[2] === 'any' ? '$any' : m[2] === 'absent' ? '$absent' : m[2]!;
  }
  return out;
}

// Who the action is for and what the step says of it, read from the words the step captures whole.
const ACTION_FOR = /^for "([^"]+)"(?: with ([A-Za-z]+ [^\s,]+(?:, [A-Za-z]+ [^\s,]+)*))?(?:,? (?:started )?at (the [a-z -]+?|"[^"]+"))?(?: and ended at (the [a-z -]+|"[^"]+"))?$/;

// "Stat Server" records the durable interaction action "Handling" for "Agent1" with MediaTypeID email, started at the accept and ended at the stop
Then(
  /^"([^"]+)" records the (durable non-interaction|durable interaction|momentary|retrospective) action "([^"]+)" (for "[^"]+"(?: with [A-Za-z]+ [^\s,]+(?:, [A-Za-z]+ [^\s,]+)*)?(?:,? (?:started )?at (?:the [a-z -]+?|"[^"]+"))?(?: and ended at (?:the [a-z -]+|"[^"]+"))?)$/,
  async function (this: World, stat: string, kindWords: string, action: string, words: string) {
    const [agent, attrs, start, end] = partsOf(words, ACTION_FOR) as [string, string?, string?, string?];
    const why = await awaitAction(this.session, {
      stat,
      action,
      kind: kindOf(kindWords)!,
      agent,
      ...(attrs ? { attributes: attributes(this, attrs)! } : {}),
      ...(start ? { startedAt: moment(this, start)! } : {}),
      ...(end ? { endedAt: moment(this, end)! } : {}),
    }, delivering(this));
    if (why !== undefined) throw new FlowAssertionError(why);
  },
);

// Restricted cluster mode: nothing reaches the observer, though the Stat Server is connected to it.
Then('{string} records no media-channel action within {duration}', async function (this: World, stat: string, ms: number) {
  // Waited out until N ms after the last stimulus was done, as before: the check reads every action record
  // of the whole scenario, not only the window's, so the stimulus's start (where "no X reaches Y within N
  // ms" opens its window) changes nothing here, and ending the wait at start + N would only cut it short.
  const from = this.session.lastStimulus?.ended ?? this.session.now();
  const left = from + ms - this.session.now();
  if (!this.session.replaying && left > 0) await this.session.pause(left);
  const trace = this.session.snapshot();
  const published = allActionRecords(trace, stat);
  if (published.length > 0) throw new FlowAssertionError(`${stat} published ${published.length} action(s): ${published.slice(0, 5).map((r) => `${String(r.attributes.Action)} for ${String(r.attributes.AgentID)} (seq ${r.seq})`).join(', ')}`);
  const connected = trace.entries.some((e) => e.type === 'note' && e.kind === 'connection-open' && JSON.stringify(e).includes('StatActions'));
  if (!connected && !trace.entries.some((e) => e.type === 'note' && e.kind === 'connection-open' && JSON.stringify(e).includes('Actions Observer'))) {
    this.fail(`${stat} never connected to the actions observer, so "no action" proves nothing: say "${stat}" publishes its media-channel actions first`);
  }
});

// A count, for an action that must happen once only (one Pulled per pull, not per Reporting event).
Then('{string} records {string} for {string} exactly {int} time(s)', async function (this: World, stat: string, action: string, agent: string, n: number) {
  await this.session.pause(0);
  const got = actionRecords(this.session.snapshot(), stat, action, agent).filter((r) => r.message !== 'ActionEnded');
  if (got.length !== n) throw new FlowAssertionError(`${stat} recorded ${action} for ${agent} ${got.length} time(s), expected ${n}`);
});
