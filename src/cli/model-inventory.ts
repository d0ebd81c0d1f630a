import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { parse } from 'yaml';
import { findModelFiles, loadModel, parseModel, type LoadResult } from '../flow/loader.ts';
import type { ModelOutline } from '../reporting/model-coverage.ts';
import type { ModelSummary, ModelSummaryCache, ModelWarning } from './model-summary-cache.ts';
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
  /** The lint warnings of the models that load and have any, by file (as in `outlines`). */
  warnings: Map<string, ModelWarning[]>;
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

export async function modelInventory(cwd: string, extraFiles: readonly string[] = [], cache?: ModelSummaryCache): Promise<ModelInventory> {
  const dir = inputPath(cwd, MODELS_DIR);
  const files = existsSync(dir) ? (await findModelFiles([dir])).files : [];
  for (const f of extraFiles) {
    const abs = inputPath(cwd, f);
    if (existsSync(abs) && !files.includes(abs)) files.push(abs);
  }
  const timers = new Map<string, string[]>();
  const profiles = new Map<string, string[]>();
  const outlines: ModelOutline[] = [];
  const warnings = new Map<string, ModelWarning[]>();
  const broken: BrokenModel[] = [];
  const summaries = await Promise.all(files.map((abs) => summaryOf(abs, cache)));
  for (const [i, abs] of files.entries()) {
    const file = relative(cwd, abs).split('\\').join('/');
    const s = summaries[i];
    if (s.loads) {
      for (const t of s.timers) timers.set(t, [...(timers.get(t) ?? []), file]);
      for (const p of s.profiles) profiles.set(p, [...(profiles.get(p) ?? []), file]);
      outlines.push({ file, name: s.name, variants: s.variants, phases: s.phases });
      if (s.warnings?.length) warnings.set(file, s.warnings);
      continue;
    }
    broken.push({ file, errors: s.errors, names: [file, basename(file).replace(/\.ya?ml$/i, ''), ...(s.declaredName ? [s.declaredName] : [])] });
  }
  return { timers, profiles, outlines, warnings, broken };
}

/** A model file's summary: from the cache when it has this file's bytes, else parsed (and cached). */
async function summaryOf(abs: string, cache: ModelSummaryCache | undefined): Promise<ModelSummary> {
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch {
    // Unreadable: the loader says why (its diagnostics count the errors), and there is nothing to key on.
    return summarize(await loadModel(abs), undefined);
  }
  const hit = await cache?.get(abs, bytes);
  if (hit) return hit;
  const text = bytes.toString('utf8');
  const summary = summarize(parseModel(text, abs), text);
  await cache?.put(abs, bytes, summary);
  return summary;
}

function summarize(r: LoadResult, text: string | undefined): ModelSummary {
  if (r.model) {
    const m = r.model;
    const warnings: ModelWarning[] = r.diagnostics
      .filter((d) => d.severity === 'warning')
      .map((d) => ({ line: d.location?.line ?? 0, col: d.location?.col ?? 0, code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}) }));
    return { loads: true, name: m.name, timers: Object.keys(m.timers), profiles: Object.keys(m.profiles?.byName ?? {}), variants: Object.keys(m.variants), phases: Object.values(m.phases).map((ph) => ({ id: ph.id, title: ph.title })), ...(warnings.length ? { warnings } : {}) };
  }
  const declaredName = text === undefined ? undefined : declaredNameOf(text);
  return { loads: false, errors: r.diagnostics.filter((d) => d.severity === 'error').length, ...(declaredName !== undefined ? { declaredName } : {}) };
}

/** The broken models that no reference names (references as features write them: file, stem or model name). */
export function unusedBroken(inventory: ModelInventory, refs: readonly string[]): BrokenModel[] {
  const wanted = new Set(refs.map((r) => r.toLowerCase()));
  return inventory.broken.filter((b) => !b.names.some((n) => wanted.has(n.toLowerCase())));
}

/** The `model:` of a file that does not load as a model, if it is YAML at all. */
function declaredNameOf(text: string): string | undefined {
  try {
    const doc = parse(text) as { model?: unknown } | null;
    return typeof doc?.model === 'string' ? doc.model : undefined;
  } catch {
    return undefined;
  }
}
