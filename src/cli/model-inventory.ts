import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { parse } from 'yaml';
import { findModelFiles, loadModel } from '../flow/loader.ts';
import type { ModelOutline } from '../reporting/model-coverage.ts';
import { inputPath } from './paths.ts';

/**
 * The flow models of a run's folder (scenarios/, where the features find them by name): the timers
 * they declare, and those that do not load. `flowcert run` checks `--timer` names against it and warns
 * of a broken model no feature uses — one that would otherwise go unnoticed until a feature names it.
 */
export interface ModelInventory {
  /** Timer name → the model files (as the user types them) that declare it. */
  timers: Map<string, string[]>;
  /** Profile name → the model files that declare it (profiles:). */
  profiles: Map<string, string[]>;
  /** Every model that loads, as the run's model coverage counts it. */
  outlines: ModelOutline[];
  broken: BrokenModel[];
}

export interface BrokenModel {
  /** Relative to the run's folder, with forward slashes. */
  file: string;
  errors: number;
  /** What a feature may call it: the file, its stem, and its `model:` name when that much of it reads. */
  names: string[];
}

export const MODELS_DIR = 'scenarios';

export async function modelInventory(cwd: string, extraFiles: readonly string[] = []): Promise<ModelInventory> {
  const dir = inputPath(cwd, MODELS_DIR);
  const files = existsSync(dir) ? (await findModelFiles([dir])).files : [];
  for (const f of extraFiles) {
    const abs = inputPath(cwd, f);
    if (existsSync(abs) && !files.includes(abs)) files.push(abs);
  }
  const timers = new Map<string, string[]>();
  const profiles = new Map<string, string[]>();
  const outlines: ModelOutline[] = [];
  const broken: BrokenModel[] = [];
  for (const abs of files) {
    const file = relative(cwd, abs).split('\\').join('/');
    const r = await loadModel(abs);
    if (r.model) {
      for (const t of Object.keys(r.model.timers)) timers.set(t, [...(timers.get(t) ?? []), file]);
      for (const p of Object.keys(r.model.profiles?.byName ?? {})) profiles.set(p, [...(profiles.get(p) ?? []), file]);
      outlines.push({ file, name: r.model.name, variants: Object.keys(r.model.variants), phases: Object.values(r.model.phases).map((ph) => ({ id: ph.id, title: ph.title })) });
      continue;
    }
    const name = await declaredName(abs);
    broken.push({
      file,
      errors: r.diagnostics.filter((d) => d.severity === 'error').length,
      names: [file, basename(file).replace(/\.ya?ml$/i, ''), ...(name ? [name] : [])],
    });
  }
  return { timers, profiles, outlines, broken };
}

/** The broken models that no reference names (references as features write them: file, stem or model name). */
export function unusedBroken(inventory: ModelInventory, refs: readonly string[]): BrokenModel[] {
  const wanted = new Set(refs.map((r) => r.toLowerCase()));
  return inventory.broken.filter((b) => !b.names.some((n) => wanted.has(n.toLowerCase())));
}

/** The `model:` of a file that does not load as a model, if it is YAML at all. */
async function declaredName(file: string): Promise<string | undefined> {
  try {
    const doc = parse(await readFile(file, 'utf8')) as { model?: unknown } | null;
    return typeof doc?.model === 'string' ? doc.model : undefined;
  } catch {
    return undefined;
  }
}
