import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { missingPaths, planFeatures, selectShard, type PlannedRun } from '../cucumber/run-features.ts';
import { interactionServersStarted, modelsReferenced } from '../cucumber/plan-participants.ts';
import { checkModelReferences } from './model-references.ts';
import { tagExpressionProblem } from '../cucumber/tag-expression.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import type { PreviousRun } from '../reporting/reports-manifest.ts';
import { SHARD_FILE } from '../reporting/shard-file.ts';
import type { Shard } from '../reporting/shard.ts';
import { DEFAULT_CONFIG_FILE, loadBindings } from '../session/binding-config.ts';
import type { Bindings } from '../session/binding-config.ts';
import { EXIT, parseCommandArgs, type CliIo } from './args.ts';
import { modelInventory, unusedBroken } from './model-inventory.ts';
import { cacheRoot, codeIdentity, ModelSummaryCache } from './model-summary-cache.ts';
import { inputPath } from './paths.ts';
import { checkReportsFolder, reportsLayout, type ReportsLayout } from './reports-folder.ts';
import { coverageFiles } from './run-coverage.ts';
import type { ModelOutline } from '../reporting/model-coverage.ts';
import { capParallel, checkFaultTargets, checkProfileName, checkTimerNames, parseFaultArgs, parseShardArg, parseTimerArgs } from './run-options.ts';

/**
 * Everything `flowcert run` checks before it changes anything on disk: the options, the tag
 * expression, the binding configuration, the paths, the features and step code (a dry run), the
 * faults and timers against what the selected scenarios start and the models declare, and the reports
 * folder. With --shard, the plan is then cut to the shard's scenarios. A mistake in any of them is a usage error (exit 2; no scenario selected: exit 1) and leaves
 * every file as it was.
 */
export interface ReadyRun {
  paths: string[];
  tags?: string;
  parallel?: number;
  worldParameters: Record<string, unknown>;
  /** With --shard, only the shard's scenarios (planned.shard says which, of which suite). */
  planned: PlannedRun;
  reports: ReportsLayout;
  previous: PreviousRun;
  /** Said once the run is sure to go ahead. */
  warnings: string[];
  /** The loaded binding configuration and its file, when there is one. */
  bindings?: Bindings;
  configFile?: string;
  /** The models of scenarios/ (and those the features name by path), for the run's model coverage. */
  models: ModelOutline[];
  /** The values of the options a command adds to run's (certify's --role, --out). */
  extra: Record<string, string | boolean | string[] | undefined>;
}

/** What a command built on `run` adds to its checks: its name in messages, its own options, its own output folders. */
export interface PreflightExtension {
  command: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  /** Folders under (or beside) the reports folder the command writes, so the manifest lists what it puts there. */
  folders?: (reportsDir: string, extra: ReadyRun['extra']) => string[];
  /** World parameters the command adds for every scenario (certify: attach the scenario records). */
  world?: Record<string, unknown>;
  /** More checks on the parsed values, before anything is planned: a message makes it a usage error. */
  check?: (extra: ReadyRun['extra'], bindings: Bindings | undefined) => string | undefined;
}

export const RUN_OPTIONS = {
  tags: { type: 'string' },
  parallel: { type: 'string' },
  reports: { type: 'string' },
  'no-allure': { type: 'boolean' },
  timer: { type: 'string', multiple: true },
  'inject-fault': { type: 'string', multiple: true },
  sut: { type: 'string' },
  shard: { type: 'string' },
  profile: { type: 'string' },
} as const;

/** A ReadyRun, or the exit code after the message (and usage text for --help) is printed. */
export async function preflight(args: string[], io: CliIo, usage: string, ext?: PreflightExtension): Promise<ReadyRun | number> {
  const command = ext?.command ?? 'flowcert run';
  const fail = (message: string, code: number = EXIT.usage) => {
    io.stderr(`${command}: ${message}\n`);
    return code;
  };
  const parsed = parseCommandArgs(command, args, { ...RUN_OPTIONS, ...(ext?.options ?? {}) });
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const warnings: string[] = [];

  let parallel: number | undefined;
  if (typeof values.parallel === 'string') {
    if (!/^\d+$/.test(values.parallel)) return fail(`--parallel takes a whole number of worker processes (0 runs in-process), got ${values.parallel}`);
    const capped = capParallel(Number(values.parallel), availableParallelism());
    parallel = capped.parallel;
    if (capped.warning) warnings.push(capped.warning);
  }
  const tags = typeof values.tags === 'string' ? values.tags : undefined;
  const tagProblem = tags === undefined ? undefined : tagExpressionProblem(tags);
  if (tags !== undefined && tagProblem) return fail(tags.trim() === '' ? `--tags ${tagProblem}` : `invalid --tags: ${tagProblem}`);
  const timers = parseTimerArgs((values.timer as string[] | undefined) ?? []);
  if (typeof timers === 'string') return fail(timers);
  const faults = parseFaultArgs((values['inject-fault'] as string[] | undefined) ?? []);
  if (typeof faults === 'string') return fail(faults);
  let shard: Shard | undefined;
  if (typeof values.shard === 'string') {
    const parsed = parseShardArg(values.shard);
    if (typeof parsed === 'string') return fail(parsed);
    shard = parsed;
  }

  const configFile = typeof values.sut === 'string' ? values.sut : existsSync(join(io.cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined;
  let bindings: Bindings | undefined;
  if (configFile !== undefined) {
    const loaded = await loadBindings(configFile, io.env, io.cwd);
    for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    if (!loaded.bindings) {
      const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
      return fail(`${configFile} has ${n} error${n === 1 ? '' : 's'}; nothing ran`);
    }
    bindings = loaded.bindings;
  }
  const extra = Object.fromEntries(Object.keys(ext?.options ?? {}).map((k) => [k, values[k]]));
  const extraProblem = ext?.check?.(extra, bindings);
  if (extraProblem) return fail(extraProblem);

  const missing = missingPaths(io.cwd, positionals);
  if (missing.length > 0) {
    io.stderr(missing.map((p) => `${command}: no such feature file or folder: ${p}\n`).join(''));
    return EXIT.usage;
  }
  if (positionals.length === 0 && missingPaths(io.cwd, ['features']).length > 0) {
    return fail(`no features/ folder in ${io.cwd}\n  give the feature files or folders to run: flowcert run [paths...]`);
  }

  const worldParameters: Record<string, unknown> = {
    ...(Object.keys(timers).length ? { timers } : {}),
    ...(Object.keys(faults).length ? { faults } : {}),
    ...(bindings ? { bindings } : {}),
    ...(typeof values.profile === 'string' ? { profile: values.profile } : {}),
    ...(ext?.world ?? {}),
  };
  const reportsDir = inputPath(io.cwd, typeof values.reports === 'string' ? values.reports : 'reports');
  const planned = await planFeatures({
    cwd: io.cwd,
    paths: positionals,
    ...(tags !== undefined ? { tags } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
    reportsDir,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    worldParameters,
  });
  if (planned.kind === 'config-error') return fail(planned.message);
  if (planned.kind === 'no-scenarios') return fail(planned.message, EXIT.failed);
  const { plan } = planned.run;

  const faultProblem = checkFaultTargets(faults, interactionServersStarted(plan), bindings);
  if (faultProblem) return fail(faultProblem);
  const refs = modelsReferenced(plan);
  const inventory = await modelInventory(io.cwd, refs.filter((r) => /\.ya?ml$/i.test(r)), modelSummaryCache(io.env));
  const timerProblem = checkTimerNames(timers, inventory.timers);
  if (timerProblem) return fail(timerProblem);
  const profileProblem = typeof values.profile === 'string' ? checkProfileName(values.profile, inventory.profiles) : undefined;
  if (profileProblem) return fail(profileProblem);
  const references = checkModelReferences(plan, inventory);
  if (references.problems.length > 0) return fail(`the features check models or variants that scenarios/ does not have:\n  ${references.problems.join('\n  ')}`);
  warnings.push(...references.warnings);
  for (const b of unusedBroken(inventory, refs)) {
    warnings.push(`${b.file} does not load (${b.errors} error${b.errors === 1 ? '' : 's'}) and no feature uses it; \`flowcert lint ${b.file}\` says why`);
  }

  // Everything above judged the whole suite, not the shard: every machine of a CI matrix is given the
  // same command, and all must accept it or all refuse it (a fault for a server only shard 3 starts is right).
  const run = shard ? selectShard(planned.run, shard) : planned.run;
  const reports = reportsLayout(reportsDir, run.outputs, !values['no-allure'], ext?.folders?.(reportsDir, extra) ?? [], [...coverageFiles(reportsDir), ...(shard ? [join(reportsDir, SHARD_FILE)] : [])]);
  const folder = await checkReportsFolder(reports, io.cwd);
  if ('problem' in folder) return fail(folder.problem);

  return {
    paths: positionals,
    ...(tags !== undefined ? { tags } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
    worldParameters,
    planned: run,
    reports,
    previous: folder.previous,
    warnings,
    ...(bindings ? { bindings } : {}),
    ...(configFile !== undefined ? { configFile } : {}),
    models: inventory.outlines,
    extra,
  };
}

/** The model summaries' cache of this build (model-summary-cache.ts); none from the sources, or when FLOWCERT_CACHE_DIR=off. */
function modelSummaryCache(env: Record<string, string | undefined>): ModelSummaryCache | undefined {
  const root = cacheRoot(env);
  const identity = codeIdentity();
  return root !== undefined && identity !== undefined ? new ModelSummaryCache(root, identity) : undefined;
}
