import type { Trace } from '../trace/types.ts';
import type { FlowModel, Phase, SequenceStep, Step } from './model.ts';

/**
 * Profiles: where the public record can be read two ways (GenEM's table against its prose, the PSDK code,
 * or silence), a model offers each reading as a named profile, states its default, and cites every choice.
 * A profile changes how named steps count: `required` (as written), `optional` (may happen), `omitted`
 * (not part of the flow under this reading — a message it names is then as unexpected as any other).
 *
 * Applying a profile is a transformation of the model before matching, so the matcher, the diagrams and
 * the reports see one plain model and know nothing of profiles:
 * - optional: the step is wrapped in `optional:`;
 * - omitted: the step is taken out of its list; a list left empty takes its container with it (an
 *   `optional:` or `any-order:`), a one-of alternative left empty is dropped, and a one-of left with one
 *   alternative is that alternative.
 *
 * A run chooses one profile for every model (`flowcert run --profile NAME`); a model that does not
 * declare that name is checked under its own default. The run's profile is in the trace header
 * (`meta.profile`), so `flowcert check` judges a trace under the profile it ran with.
 */

export type StepReading = 'required' | 'optional' | 'omitted';

export const STEP_READINGS: readonly StepReading[] = ['required', 'optional', 'omitted'];

export interface ProfileChoice {
  /** The id of the step it changes. */
  step: string;
  as: StepReading;
  /** Where this reading comes from: the table, the prose, the code, an analogy. */
  source: string;
}

export interface ModelProfile {
  name: string;
  title: string;
  description?: string;
  /** The citation for the reading as a whole. */
  source?: string;
  choices: ProfileChoice[];
}

export interface ModelProfiles {
  /** The profile a run gets when it names none, or one this model does not declare. */
  default: string;
  /** In file order. */
  byName: Record<string, ModelProfile>;
}

/** The profile a run recorded in its trace header (`meta.profile`), if it chose one. */
export function recordedProfile(trace: Trace): string | undefined {
  const p = trace.header.meta?.profile;
  return typeof p === 'string' && p !== '' ? p : undefined;
}

/** The name a model is checked under when a run asks for `asked` (undefined: the run chose none). */
export function profileFor(model: FlowModel, asked: string | undefined): string | undefined {
  if (!model.profiles) return undefined;
  return asked !== undefined && Object.hasOwn(model.profiles.byName, asked) ? asked : model.profiles.default;
}

const applied = new WeakMap<FlowModel, Map<string, FlowModel>>();

/**
 * The model as the profile reads it (the same object for the same model and profile, so callers may
 * compare them). A model without profiles, or one already under a profile, is returned as it is.
 */
export function underProfile(model: FlowModel, asked: string | undefined): FlowModel {
  if (!model.profiles || model.profile !== undefined) return model;
  const name = profileFor(model, asked)!;
  let byName = applied.get(model);
  if (!byName) applied.set(model, (byName = new Map()));
  const hit = byName.get(name);
  if (hit) return hit;
  const reading = new Map(model.profiles.byName[name].choices.map((c) => [c.step, c.as]));
  const phases: Record<string, Phase> = {};
  for (const [id, phase] of Object.entries(model.phases)) {
    const steps = rewriteList(phase.body.steps, reading);
    phases[id] = { ...phase, body: { ...phase.body, steps } };
  }
  const out: FlowModel = { ...model, phases, profile: name };
  byName.set(name, out);
  return out;
}

function rewriteList(steps: readonly Step[], reading: ReadonlyMap<string, StepReading>): Step[] {
  const out: Step[] = [];
  for (const s of steps) {
    const r = rewrite(s, reading);
    if (r) out.push(r);
  }
  return out;
}

/** The step as the reading has it, or undefined when it is omitted (or nothing of it is left). */
function rewrite(step: Step, reading: ReadonlyMap<string, StepReading>): Step | undefined {
  const as = reading.get(step.id) ?? 'required';
  if (as === 'omitted') return undefined;
  const inner = rewriteInside(step, reading);
  if (!inner || as === 'required') return inner;
  const body: SequenceStep = { kind: 'sequence', id: `${step.id}.profile`, phase: step.phase, loc: step.loc, steps: [inner] };
  return { kind: 'optional', id: `${step.id}.optional`, phase: step.phase, loc: step.loc, body, note: 'optional under this profile' };
}

function rewriteInside(step: Step, reading: ReadonlyMap<string, StepReading>): Step | undefined {
  switch (step.kind) {
    case 'message':
    case 'never':
      return step;
    case 'sequence':
    case 'any-order': {
      const steps = rewriteList(step.steps, reading);
      return steps.length ? { ...step, steps } : undefined;
    }
    case 'one-of': {
      const alternatives = step.alternatives.map((a) => rewriteInside(a, reading)).filter((a): a is SequenceStep => a !== undefined);
      if (alternatives.length === 0) return undefined;
      return alternatives.length === 1 ? alternatives[0] : { ...step, alternatives };
    }
    case 'optional':
    case 'repeat':
    case 'for-each': {
      const body = rewriteInside(step.body, reading) as SequenceStep | undefined;
      return body ? { ...step, body } : undefined;
    }
  }
}
