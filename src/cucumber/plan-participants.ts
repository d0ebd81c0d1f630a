import type { FeaturePlan } from './feature-plan.ts';

/**
 * What the selected scenarios start and check, read from the plan's matched steps — so a run can
 * refuse `--inject-fault IS9=…` when no selected scenario starts IS9, before anything runs.
 *
 * An Interaction Server is started by the steps whose pattern begins `an Interaction Server {string}`
 * (steps/participants.steps.ts; test/cucumber/plan-participants.test.ts keeps the two in step): its
 * name is the first argument. Limits: a name built at run time, or a server started by a step of
 * another wording, is not seen; flowcert runs only its own steps, so the second cannot happen unnoticed.
 */
export const STARTS_INTERACTION_SERVER = 'an Interaction Server {string}';

/** The flow check's pattern (steps/flow.steps.ts; test/cucumber/plan-participants.test.ts keeps the two in step): its arguments are the model and the variant. */
export const FLOW_CHECK_STEP = 'the flow follows model {string} variant {string}';

export interface StartedParticipant {
  name: string;
  /** `features/x.feature:4`: the first step that starts it. */
  where: string;
}

export function interactionServersStarted(plan: FeaturePlan): StartedParticipant[] {
  const seen = new Map<string, StartedParticipant>();
  for (const scenario of plan.scenarios) {
    for (const step of scenario.steps) {
      if (!step.pattern?.startsWith(STARTS_INTERACTION_SERVER) || step.args.length === 0) continue;
      const name = step.args[0];
      if (!seen.has(name)) seen.set(name, { name, where: `${step.uri}:${step.line}` });
    }
  }
  return [...seen.values()];
}

/**
 * The model references (`the flow follows model "X" …`) of every scenario in the paths, selected or
 * not: a model some feature names is in use even when this run's tags leave that feature out.
 * Read from the step's words, since unselected scenarios are not matched.
 */
export function modelsReferenced(plan: FeaturePlan): string[] {
  const refs = new Set<string>();
  for (const text of plan.allStepTexts) {
    const m = /\bmodel "([^"]+)"/.exec(text);
    if (m) refs.add(m[1]);
  }
  return [...refs];
}
