import type { Node } from 'yaml';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { LoadContext } from './load-context.ts';
import type { Phase, Step } from './model.ts';
import { STEP_READINGS, type ModelProfile, type ModelProfiles, type ProfileChoice } from './profile.ts';
import { walkSteps } from './step-program.ts';

/**
 * `default-profile:` and `profiles:` of a model (profile.ts says what they mean). Checked against the
 * steps once they are parsed: every choice names a step of the file, cites its source, and leaves the
 * model runnable (an `after: { since }` step is never omitted; a never step is required or omitted).
 */

const PROFILE_KEYS = {
  required: ['title'],
  optional: ['description', 'source', 'steps'],
  describe: { title: 'what the reading is, e.g. "GenEM\'s tables as published"' },
} as const;

const CHOICE_KEYS = {
  required: ['as', 'source'],
  optional: [],
  describe: { as: STEP_READINGS.join(' | '), source: 'where this reading comes from: the table, the prose, the code' },
} as const;

export const PROFILE_NAME = /^[a-z][a-z0-9-]*$/;

export function parseProfiles(
  ctx: LoadContext,
  profilesNode: Node | null,
  defaultNode: Node | null | undefined,
  keyNode: Node,
  phases: Record<string, Phase>,
  stepsIntact: boolean,
): ModelProfiles | undefined {
  const entries = ctx.entries(profilesNode, 'profiles', 'a mapping of profile name to { title, source?, steps? }');
  if (!entries) return undefined;
  if (entries.length === 0) {
    ctx.error(profilesNode ?? keyNode, 'FLOW_EMPTY', 'profiles lists no profile', { expected: 'at least two readings, one of them named by default-profile:' });
    return undefined;
  }
  const steps = stepIndex(phases);
  const byName: Record<string, ModelProfile> = {};
  let ok = true;
  for (const e of entries) {
    if (!PROFILE_NAME.test(e.name)) {
      ctx.error(e.key, 'FLOW_BAD_VALUE', `profile name ${e.name} is not a name a command line takes`, { expected: 'lower-case letters, digits and -, e.g. genem-table' });
      ok = false;
      continue;
    }
    const f = ctx.mapping(e.value ?? e.key, `profile ${e.name}`, PROFILE_KEYS);
    if (!f) {
      ok = false;
      continue;
    }
    const title = f.has('title') ? ctx.text(f.get('title')!.value, `the title of profile ${e.name}`) : undefined;
    if (title === undefined) ok = false;
    const profile: ModelProfile = { name: e.name, title: title ?? '', choices: [] };
    const description = f.get('description');
    if (description) profile.description = ctx.text(description.value, `the description of profile ${e.name}`);
    const source = f.get('source');
    if (source) profile.source = ctx.text(source.value, `the source of profile ${e.name}`);
    const stepsField = f.get('steps');
    if (stepsField) {
      const choices = parseChoices(ctx, e.name, stepsField.value ?? stepsField.key, steps, stepsIntact);
      if (choices) profile.choices = choices;
      else ok = false;
    }
    byName[e.name] = profile;
  }
  const names = Object.keys(byName);
  if (defaultNode === undefined) {
    ctx.error(keyNode, 'FLOW_MISSING_KEY', 'the model declares profiles but not which is its default', {
      expected: `default-profile: one of ${names.join(', ')}`,
      hint: 'name the reading a run gets when it asks for none',
    });
    return undefined;
  }
  const def = ctx.name(defaultNode, 'default-profile');
  if (def === undefined) return undefined;
  if (!Object.hasOwn(byName, def)) {
    ctx.error(defaultNode, 'FLOW_UNKNOWN_PROFILE', `default-profile names ${def}, which profiles: does not declare`, {
      expected: `one of ${names.join(', ')}`,
      hint: didYouMean(def, names) ?? `declare it under profiles:, e.g. ${def}: { title: ... }`,
    });
    return undefined;
  }
  return ok ? { default: def, byName } : undefined;
}

function parseChoices(ctx: LoadContext, profile: string, node: Node, steps: Map<string, Step>, stepsIntact: boolean): ProfileChoice[] | undefined {
  const entries = ctx.entries(node, `the steps of profile ${profile}`, 'a mapping of step id to { as, source }');
  if (!entries) return undefined;
  const out: ProfileChoice[] = [];
  let ok = true;
  for (const e of entries) {
    const f = ctx.mapping(e.value ?? e.key, `the reading of step ${e.name} in profile ${profile}`, CHOICE_KEYS);
    if (!f) {
      ok = false;
      continue;
    }
    const asNode = f.get('as')?.value ?? null;
    const as = f.has('as') ? ctx.choice(asNode, 'as', STEP_READINGS) : undefined;
    const source = f.has('source') ? ctx.text(f.get('source')!.value, `the source of step ${e.name} in profile ${profile}`) : undefined;
    // A step with errors is missing from the model: a choice about it would be reported as unknown twice.
    const step = steps.get(e.name);
    if (!step && stepsIntact) {
      ctx.error(e.key, 'FLOW_UNKNOWN_STEP', `profile ${profile} names step ${e.name}, which the model does not have`, {
        expected: 'the id of a step in this file',
        hint: didYouMean(e.name, steps.keys()) ?? 'give the step an id:, and name it here',
      });
      ok = false;
    }
    if (step && as === 'optional' && step.kind === 'never') {
      ctx.error(asNode, 'FLOW_PROFILE_BAD_READING', `step ${e.name} is a never step, which cannot be optional`, {
        expected: 'required or omitted',
        hint: 'omit it under this profile to allow the message, or keep it required',
      });
      ok = false;
    }
    if (step && as === 'omitted') {
      const timed = [...steps.values()].find((s) => s.kind === 'message' && (s.timing?.after?.since === e.name || s.timing?.before?.since === e.name));
      if (timed) {
        ctx.error(asNode, 'FLOW_PROFILE_BAD_READING', `step ${e.name} starts the timer of step ${timed.id}, so it cannot be omitted`, {
          expected: 'required or optional',
          hint: `omit ${timed.id} too, or make ${e.name} optional`,
        });
        ok = false;
      }
    }
    if (as === undefined || source === undefined) ok = false;
    else out.push({ step: e.name, as, source });
  }
  return ok ? out : undefined;
}

function stepIndex(phases: Record<string, Phase>): Map<string, Step> {
  const out = new Map<string, Step>();
  walkSteps(Object.values(phases).map((p) => p.body), (s) => out.set(s.id, s));
  return out;
}
