import { basename, normalize } from 'node:path';
import { closest } from '../diagnostic/did-you-mean.ts';
import type { FeaturePlan } from '../cucumber/feature-plan.ts';
import { FLOW_CHECK_STEP } from '../cucumber/plan-participants.ts';
import type { ModelInventory } from './model-inventory.ts';

/**
 * What the selected scenarios' flow checks name that the models in scenarios/ do not have: a model no
 * file, stem or `model:` name answers to, or a variant its model lacks — each with where it is written and
 * a did-you-mean. Caught before anything runs, a typo costs nothing; at its step, it cost every scenario's
 * setup first, then ended each in error (and a misspelt variant was counted as coverage).
 * A model that does not load is left to its step, which quotes every one of its errors; only a warning here.
 * Resolution is the ModelRegistry's (session/model-registry.ts): a file, a file stem, or the model's name,
 * case aside.
 */
export function checkModelReferences(plan: FeaturePlan, inventory: ModelInventory): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const warned = new Set<string>();
  const linted = new Set<string>();
  const candidates = [
    ...inventory.outlines.map((o) => ({ names: [o.file, stem(o.file), o.name], variants: o.variants as readonly string[] | undefined, file: o.file })),
    ...inventory.broken.map((b) => ({ names: b.names, variants: undefined, file: b.file })),
  ];
  for (const scenario of plan.scenarios) {
    for (const step of scenario.steps) {
      if (step.pattern !== FLOW_CHECK_STEP || step.args.length < 2) continue;
      const [ref, variant] = step.args;
      const where = `${step.uri}:${step.line}`;
      // A path as typed (`./scenarios/x.yaml`) against the inventory's (`scenarios/x.yaml`).
      const typed = /\.ya?ml$/i.test(ref) ? normalize(ref).split('\\').join('/') : ref;
      const model = candidates.find((c) => c.names.some((n) => n.toLowerCase() === typed.toLowerCase()));
      if (!model) {
        const stems = candidates.map((c) => stem(c.file));
        // A model's stem and its name often differ only in case and dashes: offer the stem, else the name.
        const near = closest(ref, stems, 2);
        if (near.length === 0) near.push(...closest(ref, candidates.flatMap((c) => c.names.slice(2)), 2));
        problems.push(`${where}: no model "${ref}" in scenarios/ (models there: ${stems.join(', ') || 'none'})${near.length ? ` — did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`);
        continue;
      }
      if (model.variants === undefined) {
        if (!warned.has(model.file)) warnings.push(`${where} checks model ${model.file}, which does not load: its scenarios will end in error; \`flowcert lint ${model.file}\` says why`);
        warned.add(model.file);
        continue;
      }
      // A model's lint warnings (an attribute the catalog does not know, say) are the writer's likely typos,
      // and a run that never shows them lets one count against the system under test.
      const lint = inventory.warnings.get(model.file);
      if (lint && !linted.has(model.file)) {
        linted.add(model.file);
        for (const w of lint) warnings.push(`${model.file}:${w.line}:${w.col} ${w.code} ${w.message}${w.hint ? ` — ${w.hint}` : ''} (checked by ${where})`);
      }
      if (model.variants.includes(variant)) continue;
      const near = closest(variant, model.variants, 2);
      problems.push(`${where}: model ${model.file} has no variant "${variant}"${near.length ? ` — did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''} (it has ${model.variants.join(', ')})`);
    }
  }
  return { problems, warnings };
}

function stem(file: string): string {
  return basename(file).replace(/\.ya?ml$/i, '');
}
