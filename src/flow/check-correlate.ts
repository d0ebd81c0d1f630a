import type { Node } from 'yaml';
import type { LoadContext } from './load-context.ts';
import type { MessageStep, Phase, Step, Variant } from './model.ts';
import { capturesOf } from './parse-matcher.ts';

/**
 * `correlate` against the steps that open the model. An instance begins with a message carrying its
 * correlation values (correlate.ts): a variant whose opening step never binds a correlation capture
 * can never begin — the message that should open it, RequestSubmit before any InteractionId exists,
 * belongs to no instance. The model would lint clean and then never match; it is an error here.
 */

interface Firsts {
  steps: MessageStep[];
  /** The steps can match nothing at all (optional, repeat with min 0, …): what follows may open too. */
  empty: boolean;
}

function firstsOf(steps: readonly Step[]): Firsts {
  const out: MessageStep[] = [];
  for (const s of steps) {
    const f = firstOf(s);
    out.push(...f.steps);
    if (!f.empty) return { steps: out, empty: false };
  }
  return { steps: out, empty: true };
}

function firstOf(s: Step): Firsts {
  switch (s.kind) {
    case 'message':
      return { steps: [s], empty: false };
    case 'never':
      return { steps: [], empty: true };
    case 'sequence':
      return firstsOf(s.steps);
    case 'optional':
      return { steps: firstsOf(s.body.steps).steps, empty: true };
    case 'repeat': {
      const f = firstsOf(s.body.steps);
      return { steps: f.steps, empty: f.empty || s.min === 0 };
    }
    // Which values a for-each takes is known when it runs; assume at least one round.
    case 'for-each':
      return firstsOf(s.body.steps);
    case 'one-of': {
      const fs = s.alternatives.map((a) => firstsOf(a.steps));
      return { steps: fs.flatMap((f) => f.steps), empty: fs.some((f) => f.empty) };
    }
    case 'any-order': {
      const fs = s.steps.map((c) => firstOf(c));
      return { steps: fs.flatMap((f) => f.steps), empty: fs.every((f) => f.empty) };
    }
  }
}

/** The message steps some variant can begin with, each once, in file order of the variants. */
export function openingSteps(phases: Record<string, Phase>, variants: Record<string, Variant>): MessageStep[] {
  const out = new Set<MessageStep>();
  for (const v of Object.values(variants)) {
    const bodies = v.phases.map((id) => phases[id]?.body).filter((b) => b !== undefined);
    for (const s of firstsOf(bodies).steps) out.add(s);
  }
  return [...out];
}

function binds(step: MessageStep): Set<string> {
  const names: string[] = [];
  for (const m of Object.values(step.attributes)) capturesOf(m, names);
  capturesOf(step.referenceId, names);
  return new Set(names);
}

export function checkCorrelate(ctx: LoadContext, entries: ReadonlyArray<{ name: string; node: Node }>, phases: Record<string, Phase>, variants: Record<string, Variant>): void {
  const opening = openingSteps(phases, variants);
  for (const { name, node } of entries) {
    const unbound = opening.filter((s) => !binds(s).has(name));
    if (unbound.length === 0) continue;
    const first = unbound[0];
    const which = unbound.map((s) => `${s.message} (line ${s.loc.line})`).join(', ');
    const common = opening.map(binds).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
    ctx.error(node, 'FLOW_CORRELATE_UNBOUND', `correlate names ${name}, which the opening step ${which} never binds: no instance can begin there`, {
      expected: common.size > 0 ? `a capture every opening step binds: ${[...common].join(', ')}` : 'a capture the opening step binds (it binds none)',
      hint: `the opening step ${first.message} carries no $${name}; correlate on a capture the first step binds, or drop correlate`,
    });
  }
}
