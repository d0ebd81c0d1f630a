import { join } from 'node:path';
import { loadModel } from '../src/flow/loader.ts';
import type { FlowModel, SequenceStep } from '../src/flow/model.ts';

const MODEL = join(import.meta.dirname, '..', 'scenarios', 'deliver-interaction-to-agent.yaml');

/**
 * Deliver Interaction to Agent with a variant `any-outcome` made from the model's own phases: URS
 * Requests Delivery, then one of accept, reject or time out — what bench/synthetic-trace.ts mixes.
 */
export function anyOutcome(model: FlowModel): FlowModel {
  const outcomes = ['agent-accepts-delivery', 'agent-rejects-delivery', 'agent-fails-to-respond'].map((id) => model.phases[id]);
  const first = model.phases['urs-requests-delivery'];
  const body: SequenceStep = {
    kind: 'sequence', id: 'outcome', phase: 'outcome', loc: first.loc,
    steps: [{ kind: 'one-of', id: 'outcome.1', phase: 'outcome', loc: first.loc, alternatives: outcomes.map((p) => p.body) }],
  };
  return {
    ...model,
    phases: { ...model.phases, outcome: { id: 'outcome', title: 'Accept, reject or time out', body, loc: first.loc } },
    variants: { ...model.variants, 'any-outcome': { id: 'any-outcome', phases: ['urs-requests-delivery', 'outcome'], loc: first.loc } },
  };
}

export async function deliverAnyOutcome(): Promise<FlowModel> {
  const loaded = await loadModel(MODEL);
  if (!loaded.model) throw new Error(`cannot load ${MODEL}:\n${loaded.diagnostics.map((d) => d.message).join('\n')}`);
  return anyOutcome(loaded.model);
}
