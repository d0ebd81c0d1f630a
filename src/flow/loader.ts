import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Node } from 'yaml';
import { defaultCatalog } from '../catalog/catalog.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { hasErrors } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { checkCorrelate } from './check-correlate.ts';
import { checkParticipantsUsed } from './check-participants.ts';
import { LoadContext } from './load-context.ts';
import type { FlowModel, Phase, UnexpectedPolicy, Variant } from './model.ts';
import { parseParams, parseParticipants, parseTextList, parseTimers } from './parse-declarations.ts';
import { parseProfiles } from './parse-profiles.ts';
import type { StepEnv } from './parse-message-step.ts';
import { StepParser } from './parse-steps.ts';
import { YamlSource } from './yaml-source.ts';

export { findModelFiles } from './find-model-files.ts';

/**
 * Scenario loader: a YAML model file → FlowModel, validated against the catalog before anything
 * runs. Every problem of the file is reported at once, sorted by position, each with file:line:col,
 * what was expected and a hint. The model is returned only when there is no error (warnings pass).
 */

export interface LoadResult {
  /** undefined iff any diagnostic is an error. */
  model?: FlowModel;
  diagnostics: Diagnostic[];
}

const UNEXPECTED: readonly UnexpectedPolicy[] = ['ignore', 'fail'];

const TOP = {
  required: ['model', 'participants', 'phases', 'variants'],
  optional: ['source', 'description', 'params', 'timers', 'unexpected', 'correlate', 'notes', 'default-profile', 'profiles'],
  order: ['model', 'source', 'description', 'participants', 'params', 'timers', 'unexpected', 'correlate', 'notes', 'phases', 'variants', 'default-profile', 'profiles'],
  describe: {
    model: 'the display name, e.g. model: Deliver Interaction to Agent',
    participants: 'a mapping of participant id to { role }',
    phases: 'a mapping of phase id to { title, steps }',
    variants: 'a mapping of variant id to { phases: [phase ids] }',
  },
} as const;

const PHASE = { required: ['title', 'steps'], optional: ['description'], describe: { title: 'the phase name as GenEM gives it', steps: 'a list of steps' } } as const;
const VARIANT = { required: ['phases'], optional: ['title', 'unexpected'], describe: { phases: 'a list of phase ids, in order' } } as const;

export function parseModel(text: string, file: string, opts: { catalog?: Catalog } = {}): LoadResult {
  return parse(text, file, sha256(Buffer.from(text, 'utf8')), opts.catalog ?? defaultCatalog);
}

export async function loadModel(file: string, opts: { catalog?: Catalog } = {}): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ENOENT' || err.code === 'ENOTDIR';
    return {
      diagnostics: [
        {
          code: missing ? 'FLOW_NO_SUCH_FILE' : 'FLOW_UNREADABLE_FILE',
          severity: 'error',
          message: missing ? `no such file: ${file}` : err.code === 'EISDIR' ? `${file} is a directory, not a model file` : `cannot read ${file}: ${err.message}`,
          expected: 'a model file (.yaml or .yml)',
        },
      ],
    };
  }
  return parse(bytes.toString('utf8'), file, sha256(bytes), opts.catalog ?? defaultCatalog);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function parse(text: string, file: string, hash: string, catalog: Catalog): LoadResult {
  // A BOM is not part of the YAML; left in, it would shift every column of line 1.
  const src = new YamlSource(text.replace(/^\uFEFF/, ''), file);
  // Past a syntax error the tree is a guess: checking it would report phantoms. Fix the YAML first.
  if (hasErrors(src.syntax)) return { diagnostics: src.syntax };
  const ctx = new LoadContext(src, catalog);
  ctx.diagnostics.push(...src.syntax);
  const model = build(ctx, src.root(), file, hash);
  const diagnostics = sortByPosition(ctx.diagnostics);
  return hasErrors(diagnostics) || !model ? { diagnostics } : { model, diagnostics };
}

function build(ctx: LoadContext, root: Node | null, file: string, hash: string): FlowModel | undefined {
  if (!root) {
    ctx.diagnostics.push({
      code: 'FLOW_NOT_A_MODEL',
      severity: 'error',
      message: 'the file is empty',
      location: { file, line: 1, col: 1 },
      expected: 'a mapping with model, participants, phases and variants',
      hint: 'start from scenarios/deliver-interaction-to-agent.yaml',
    });
    return undefined;
  }
  const top = ctx.mapping(root, 'the file', TOP);
  if (!top) return undefined;
  const v = (k: string) => top.get(k)?.value ?? top.get(k)?.key ?? null;

  const name = top.has('model') ? ctx.text(v('model'), 'model') : undefined;
  const declared = { participants: new Set<string>(), params: new Set<string>(), timers: new Set<string>() };
  const participants = top.has('participants') ? parseParticipants(ctx, v('participants'), declared.participants) : {};
  const params = top.has('params') ? parseParams(ctx, v('params'), declared.params) : {};
  const timers = top.has('timers') ? parseTimers(ctx, v('timers'), declared.timers) : {};
  const unexpected = top.has('unexpected') ? ctx.choice(v('unexpected'), 'unexpected', UNEXPECTED) : 'ignore';

  const env: StepEnv = { ctx, participants, params, timers, declared, ids: new Map(), captured: new Set(), named: new Set(), sinceRefs: [] };
  const errorsBefore = errorCount(ctx);
  const { phases, phaseIds } = top.has('phases') ? parsePhases(ctx, env, v('phases')) : { phases: {}, phaseIds: [] };
  const variants = top.has('variants') ? parseVariants(ctx, v('variants'), phaseIds) : {};
  // A step or variant with errors is left out of the model: what opens it would then be a guess.
  const stepsIntact = errorCount(ctx) === errorsBefore;

  for (const ref of env.sinceRefs) {
    if (env.ids.has(ref.id)) continue;
    ctx.error(ref.node, 'FLOW_UNKNOWN_STEP', `unknown step id ${ref.id}`, {
      expected: 'the id of a step in this file',
      hint: didYouMean(ref.id, env.ids.keys()) ?? 'give the step that starts the timer an id:, and name it here',
    });
  }
  const correlateEntries = top.has('correlate') ? parseCorrelate(ctx, v('correlate'), env.captured) : [];
  if (stepsIntact) checkCorrelate(ctx, correlateEntries, phases, variants);
  checkParticipantsUsed(ctx, participants, params, env.named);
  const correlate = correlateEntries.map((e) => e.name);
  const profiles = top.has('profiles') ? parseProfiles(ctx, v('profiles'), top.get('default-profile') && v('default-profile'), top.get('profiles')!.key, phases, stepsIntact) : undefined;
  if (!top.has('profiles') && top.has('default-profile')) {
    ctx.error(top.get('default-profile')!.key, 'FLOW_UNKNOWN_PROFILE', 'default-profile names a profile, and the model declares none', {
      expected: 'profiles: { <name>: { title, steps } } beside it',
      hint: 'declare the readings under profiles:, or leave default-profile out',
    });
  }

  const model: FlowModel = { file, hash, name: name ?? '', participants, params, timers, unexpected: unexpected ?? 'ignore', correlate, phases, variants, notes: [] };
  if (top.has('source')) model.source = ctx.text(v('source'), 'source');
  if (top.has('description')) model.description = ctx.text(v('description'), 'description');
  if (top.has('notes')) model.notes = parseTextList(ctx, v('notes'), 'notes');
  if (profiles) model.profiles = profiles;
  return model;
}

function parsePhases(ctx: LoadContext, env: StepEnv, node: Node | null): { phases: Record<string, Phase>; phaseIds: string[] } {
  const phases: Record<string, Phase> = {};
  const entries = ctx.entries(node, 'phases', 'a mapping of phase id to { title, steps }') ?? [];
  if (entries.length === 0 && node) ctx.error(node, 'FLOW_EMPTY', 'phases lists no phase', { expected: 'at least one phase: id: { title, steps }' });
  const parser = new StepParser(env);
  for (const e of entries) {
    const f = ctx.mapping(e.value ?? e.key, `phase ${e.name}`, PHASE);
    if (!f) continue;
    const title = f.has('title') ? ctx.text(f.get('title')!.value, `the title of phase ${e.name}`) : undefined;
    const body = f.has('steps') ? parser.phaseBody(f.get('steps')!.value, e.name, f.get('steps')!.key) : undefined;
    if (title === undefined || !body) continue;
    const phase: Phase = { id: e.name, title, body, loc: ctx.src.loc(e.key) };
    const description = f.get('description');
    if (description) phase.description = ctx.text(description.value, `the description of phase ${e.name}`);
    phases[e.name] = phase;
  }
  return { phases, phaseIds: entries.map((e) => e.name) };
}

function parseVariants(ctx: LoadContext, node: Node | null, phaseIds: string[]): Record<string, Variant> {
  const variants: Record<string, Variant> = {};
  const entries = ctx.entries(node, 'variants', 'a mapping of variant id to { phases }') ?? [];
  if (entries.length === 0 && node) ctx.error(node, 'FLOW_EMPTY', 'variants lists no variant', { expected: 'at least one variant: id: { phases: [...] }' });
  for (const e of entries) {
    const f = ctx.mapping(e.value ?? e.key, `variant ${e.name}`, VARIANT);
    if (!f) continue;
    const listNode = f.get('phases')?.value ?? f.get('phases')?.key ?? null;
    const items = f.has('phases') ? ctx.list(listNode, `the phases of variant ${e.name}`, 'a list of phase ids') : undefined;
    if (items && items.length === 0) ctx.error(listNode, 'FLOW_EMPTY', `variant ${e.name} lists no phase`, { expected: `a list of phase ids: ${phaseIds.join(', ')}` });
    const phases: string[] = [];
    for (const item of items ?? []) {
      const id = ctx.name(item, 'a phase id');
      if (id === undefined) continue;
      if (!phaseIds.includes(id)) {
        ctx.error(item, 'FLOW_UNKNOWN_PHASE', `unknown phase ${id}`, { expected: `one of ${phaseIds.join(', ')}`, hint: didYouMean(id, phaseIds) });
        continue;
      }
      phases.push(id);
    }
    const variant: Variant = { id: e.name, phases, loc: ctx.src.loc(e.key) };
    const title = f.get('title');
    if (title) variant.title = ctx.text(title.value, `the title of variant ${e.name}`);
    const unexpected = f.get('unexpected');
    if (unexpected) variant.unexpected = ctx.choice(unexpected.value, 'unexpected', UNEXPECTED);
    variants[e.name] = variant;
  }
  return variants;
}

function parseCorrelate(ctx: LoadContext, node: Node | null, captured: Set<string>): Array<{ name: string; node: Node }> {
  const out: Array<{ name: string; node: Node }> = [];
  for (const item of ctx.list(node, 'correlate', 'a list of capture names') ?? []) {
    const text = ctx.name(item, 'a capture name');
    if (text === undefined) continue;
    const name = text.replace(/^\$/, '');
    if (!captured.has(name)) {
      ctx.error(item, 'FLOW_UNCAPTURED_CORRELATE', `correlate names ${name}, which no message step captures`, {
        expected: captured.size ? `one of ${[...captured].join(', ')}` : 'a capture ($name) used in a message step',
        hint: didYouMean(name, captured) ?? `capture it in a step, e.g. InteractionId: $${name}`,
      });
      continue;
    }
    out.push({ name, node: item });
  }
  return out;
}

function errorCount(ctx: LoadContext): number {
  return ctx.diagnostics.filter((d) => d.severity === 'error').length;
}

function sortByPosition(ds: Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.location?.line ?? 0) - (b.d.location?.line ?? 0) || (a.d.location?.col ?? 0) - (b.d.location?.col ?? 0) || a.i - b.i)
    .map((x) => x.d);
}
