import { Then, DataTable } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { explain } from '../src/flow/explain.ts';
import { awaitLateAnswer, awaitMessage, expectAbsent, lastMessage, protocolToName } from '../src/session/trace-queries.ts';
import { checkFlow } from '../src/session/flow-check.ts';
import { racedFailure } from '../src/session/raced-answers.ts';
import { FlowAssertionError, InconclusiveError, ScenarioError } from '../src/session/scenario-error.ts';
import { inlineModel, type MessageRow } from '../src/session/inline-model.ts';
import { sharedModels } from '../src/session/model-registry.ts';
import type { FlowModel } from '../src/flow/model.ts';
import { recordedProfile, underProfile } from '../src/flow/profile.ts';

// Checking what was exchanged. A failing check fails the step with the matcher's explanation: the
// model step and its YAML position, what was observed instead, at which trace seq, the attribute differences.

async function check(world: World, model: FlowModel, variant: string, text: string, attempt?: number): Promise<void> {
  const origin = world.currentStep(text);
  world.session.assertHealthy();
  const { result } = await checkFlow(world.session, { model, variant, ...(origin ? { origin } : {}), ...(attempt !== undefined ? { attempt } : {}) });
  // A SUT that died while the flow was awaited explains what is missing better than the flow does.
  world.session.assertHealthy();
  if (result.verdict === 'fail') {
    // The harness's own desktop answered too late for the server to take it: the flow may differ for that alone.
    const raced = racedFailure(world.session.snapshot(), result);
    if (raced !== undefined) throw new InconclusiveError(`${raced} — the flow below may differ for that alone\n${explain(result)}`);
    throw new FlowAssertionError(explain(result));
  }
  if (result.verdict === 'inconc') throw new InconclusiveError(explain(result));
  if (result.verdict === 'error') throw new ScenarioError(explain(result));
}

// The n-th check of one model in a scenario is about the n-th attempt (a redelivery: Agent1 rejects,
// URS routes the same interaction to Agent2): one step per attempt, in order.
// No cucumber timeout: the check's own wait is bounded by the model's longest timer at this run's value
// (plus 1.5 s and the harness's lag), and a configured timer may well exceed cucumber's minute — the
// handling timer's shortest configurable value is one minute, its default 180.
Then('the flow follows model {string} variant {string}', { timeout: -1 }, async function (this: World, ref: string, variant: string) {
  const model = await sharedModels.get(ref);
  const attempt = this.session.checks.filter((c) => c.model.file === model.file && c.model.hash === model.hash).length + 1;
  await check(this, model, variant, `the flow follows model "${ref}" variant "${variant}"`, attempt);
});

Then('these messages are exchanged in order:', async function (this: World, table: DataTable) {
  const rows = table.hashes() as unknown as MessageRow[];
  const model = inlineModel(rows, this.session.snapshot().header.participants, this.stepWhere('these messages are exchanged in order'), this.currentStep());
  await check(this, model, 'table', 'these messages are exchanged in order:');
});

/**
 * One message with these attributes, between `from` and `to`; a table of attribute | value rows (values
 * are matchers). `protocol` only where the name and direction alone do not say it (protocolToName).
 */
async function carrying(world: World, message: string, from: string, to: string, table: DataTable, text: string, protocol?: string): Promise<void> {
  const attributes = table.hashes().map((r) => `${r.attribute}: ${r.value}`).join(', ');
  const model = inlineModel([{ from, to, message, attributes, ...(protocol ? { protocol } : {}) }], world.session.snapshot().header.participants, world.stepWhere(text), world.currentStep());
  await check(world, model, 'table', text);
}

Then('{string} reaches {string} carrying:', async function (this: World, message: string, to: string, table: DataTable) {
  // The sender is whoever sent that message to `to`; when nobody did, the Interaction Server, so the check reports it missing.
  // Waited for while it has not come: its sender and protocol are read from it.
  const seen = await awaitMessage(this.session, message, to);
  const from = seen?.from ?? firstInteractionServer(this);
  const protocol = seen ? protocolToName(this.session.snapshot(), seen) : undefined;
  await carrying(this, message, from, to, table, `"${message}" reaches "${to}" carrying:`, protocol);
});

Then('{string} carries:', async function (this: World, message: string, table: DataTable) {
  const seen = lastMessage(this.session, message);
  if (!seen) throw new FlowAssertionError(`no ${message} in the trace of this scenario (${this.stepWhere(`"${message}" carries`)})`);
  await carrying(this, message, seen.from, seen.to, table, `"${message}" carries:`, protocolToName(this.session.snapshot(), seen));
});

/**
 * An answer the desktop sends after its invitation was revoked (the delivering timer expired first) is
 * refused: the server's answer to it must be `reply` carrying the table's attributes. Waited for on the
 * trace, so a desktop under test is judged as the reference is. A desktop under test may drop a revoked
 * invitation instead of answering it — as a good one does — and then there is nothing to refuse: noted in
 * the trace, and the step passes. The reference desktop always answers as it was told.
 */
Then('a late answer from {string} gets {string} carrying:', async function (this: World, desktop: string, reply: string, table: DataTable) {
  const text = `a late answer from "${desktop}" gets "${reply}" carrying:`;
  const late = await awaitLateAnswer(this.session, desktop);
  if (late.kind === 'no-revoke') {
    throw new FlowAssertionError(`no invitation of "${desktop}" was revoked in this scenario, so no answer from it can be late (${this.stepWhere(text)}): check that its delivering timer expired first`);
  }
  if (late.kind === 'none') {
    const id = String((late.revoked.attributes.Interaction as Record<string, unknown> | undefined)?.InteractionId);
    if (this.session.participant(desktop)?.isReference) {
      this.fail(`the reference "${desktop}" sent no answer after its invitation to interaction ${id} was revoked (by ${Math.round(late.waitedUntil)} ms): tell it to answer after the timer, e.g. \`"${desktop}" will accept invitations 400 ms after the delivering timer expires\``);
    }
    this.session.note(`${desktop} sent no answer after its invitation to interaction ${id} was revoked (by ${Math.round(late.waitedUntil)} ms): it dropped the revoked invitation, as a desktop may, so there is no late answer for ${late.revoked.from} to refuse`, 'info');
    return;
  }
  const { answer } = late;
  const asked = [`InteractionId: ${JSON.stringify(answer.attributes.InteractionId)}`, ...(typeof answer.attributes.TicketId === 'number' ? [`TicketId: ${answer.attributes.TicketId}`] : [])].join(', ');
  const attributes = table.hashes().map((r) => `${r.attribute}: ${r.value}`).join(', ');
  const rows = [
    { from: desktop, to: answer.to, message: answer.message, attributes: asked },
    { from: answer.to, to: desktop, message: reply, attributes },
  ];
  await check(this, inlineModel(rows, this.session.snapshot().header.participants, this.stepWhere(text), this.currentStep()), 'table', text);
});

function firstInteractionServer(world: World): string {
  return world.session.snapshot().header.participants.find((p) => p.role === 'InteractionServer')?.name ?? '';
}

async function absent(world: World, message: string, to: string, ms: number): Promise<void> {
  const r = await expectAbsent(world.session, message, to, ms);
  if (r.verdict === 'fail') throw new FlowAssertionError(r.text);
  // Inside the window, but by no more than the harness's own lag could account for.
  if (r.verdict === 'inconc') throw new InconclusiveError(r.text);
}

Then('no {string} reaches {string} within {duration}', async function (this: World, message: string, to: string, ms: number) {
  await absent(this, message, to, ms);
});

/**
 * An absence only one reading of GenEM asks for (profile.ts): checked when the run reads the model under
 * that profile; under another, noted in the trace as not asked, so a reader sees it was not forgotten.
 */
Then('under profile {string} of model {string}, no {string} reaches {string} within {duration}', async function (this: World, profile: string, ref: string, message: string, to: string, ms: number) {
  const model = await sharedModels.get(ref);
  if (!model.profiles || !Object.hasOwn(model.profiles.byName, profile)) {
    const names = Object.keys(model.profiles?.byName ?? {});
    this.fail(`model "${ref}" has no profile "${profile}" (${this.stepWhere('under profile')})${names.length ? `; its profiles: ${names.join(', ')}` : ': it declares none'}`);
  }
  const reading = underProfile(model, recordedProfile(this.session.snapshot())).profile;
  if (reading !== profile) {
    this.session.note(`not checked: no ${message} reaches ${to} within ${ms} ms is what profile ${profile} of ${model.name} asks, and the run reads it under profile ${reading}`, 'info');
    return;
  }
  await absent(this, message, to, ms);
});
