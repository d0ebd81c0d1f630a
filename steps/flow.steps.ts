import { Then, DataTable } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { explain } from '../src/flow/explain.ts';
import { expectAbsent, lastSender } from '../src/session/trace-queries.ts';
import { checkFlow, FlowMismatchError } from '../src/session/flow-check.ts';
import { inlineModel, type MessageRow } from '../src/session/inline-model.ts';
import { sharedModels } from '../src/session/model-registry.ts';
import type { FlowModel } from '../src/flow/model.ts';

// Checking what was exchanged. A failing check fails the step with the matcher's explanation: the
// model step and its YAML position, what was observed instead, at which trace seq, the attribute differences.

async function check(world: World, model: FlowModel, variant: string, text: string): Promise<void> {
  const origin = world.currentStep(text);
  const { result } = await checkFlow(world.session, { model, variant, ...(origin ? { origin } : {}) });
  if (result.verdict !== 'pass') throw new FlowMismatchError(explain(result));
}

Then('the flow follows model {string} variant {string}', async function (this: World, ref: string, variant: string) {
  await check(this, await sharedModels.get(ref), variant, `the flow follows model "${ref}" variant "${variant}"`);
});

Then('these messages are exchanged in order:', async function (this: World, table: DataTable) {
  const rows = table.hashes() as unknown as MessageRow[];
  const model = inlineModel(rows, this.session.snapshot().header.participants, this.stepWhere('these messages are exchanged in order'), this.currentStep());
  await check(this, model, 'table', 'these messages are exchanged in order:');
});

Then('{string} reaches {string} carrying:', async function (this: World, message: string, to: string, table: DataTable) {
  const attributes = table.hashes().map((r) => `${r.attribute}: ${r.value}`).join(', ');
  const participants = this.session.snapshot().header.participants;
  // The sender is whoever sent that message to `to`; when nobody did, the Interaction Server, so the check reports it missing.
  const sender = lastSender(this.session, message, to) ?? participants.find((p) => p.role === 'InteractionServer')?.name ?? '';
  const model = inlineModel([{ from: sender, to, message, attributes }], participants, this.stepWhere(`"${message}" reaches "${to}" carrying`), this.currentStep());
  await check(this, model, 'table', `"${message}" reaches "${to}" carrying:`);
});

Then('no {string} reaches {string} within {duration}', async function (this: World, message: string, to: string, ms: number) {
  const seen = await expectAbsent(this.session, message, to, ms);
  if (seen) throw new Error(`${message} reached ${to} at seq ${seen.seq} (from ${seen.from}, ${seen.t.toFixed(0)} ms into the run), inside the ${ms} ms window in which none may`);
});
