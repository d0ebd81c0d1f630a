import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { closest } from '../diagnostic/did-you-mean.ts';
import { findModelFiles, loadModel } from '../flow/loader.ts';
import type { FlowModel } from '../flow/model.ts';
import { ScenarioError } from './scenario-error.ts';

/** A model reference that does not name a loadable model: the scenario ends in error, with this text. */
export class ModelNotFoundError extends ScenarioError {
  override name = 'ModelNotFoundError';
}

/**
 * Finds flow models by what a scenario writer types — a file (`scenarios/x.yaml`), a file stem
 * (`deliver-interaction-to-agent`) or the model's own name (`Deliver Interaction to Agent`) — and loads
 * each file once per process. A model with errors never runs: every diagnostic is in the error.
 */
export class ModelRegistry {
  private readonly cache = new Map<string, Promise<FlowModel>>();

  constructor(private readonly dir = 'scenarios') {}

  async get(ref: string): Promise<FlowModel> {
    const file = await this.locate(ref);
    let p = this.cache.get(file);
    if (!p) {
      p = load(file);
      this.cache.set(file, p);
    }
    return p;
  }

  private async locate(ref: string): Promise<string> {
    // Paths stay as the writer gave them (relative to the run's folder), so explanations print them short.
    if (/\.ya?ml$/.test(ref) && existsSync(ref)) return ref;
    const byStem = join(this.dir, `${ref}.yaml`);
    if (existsSync(byStem)) return byStem;
    const { files } = await findModelFiles([this.dir]);
    const names = new Map<string, string>();
    for (const f of files) {
      names.set(basename(f).replace(/\.ya?ml$/, ''), f);
      const r = await loadModel(f);
      if (r.model) names.set(r.model.name, f);
    }
    for (const [name, f] of names) if (name.toLowerCase() === ref.toLowerCase()) return f;
    const near = closest(ref, names.keys(), 2);
    // One name per model: its file stem, and its own name only where that reads differently (a model named `Transfer` in transfer.yaml is listed once).
    const listed = new Map<string, string>();
    for (const n of names.keys()) if (!n.includes(' ') && !listed.has(n.toLowerCase())) listed.set(n.toLowerCase(), n);
    const known = [...listed.values()].join(', ') || 'none';
    throw new ModelNotFoundError(
      `no model "${ref}" in ${this.dir}/ (models there: ${known})` + (near.length ? ` — did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''),
    );
  }
}

async function load(file: string): Promise<FlowModel> {
  const r = await loadModel(file);
  if (!r.model) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    throw new ModelNotFoundError(`model ${file} has ${errors.length} error(s); run \`flowcert lint\`:\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  return r.model;
}

/** The process-wide registry: models under ./scenarios, each loaded once per run. */
export const sharedModels = new ModelRegistry();
