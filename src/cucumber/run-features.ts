import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfiguration, loadSources, loadSupport, runCucumber, type IConfiguration, type IRunConfiguration, type IRunEnvironment, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { byPlace, shardOf, type Shard } from '../reporting/shard.ts';
import { FeaturePlanCollector, type FeaturePlan } from './feature-plan.ts';
import { ownImports, ownModule } from './own-code.ts';
import { tagNames } from './tag-expression.ts';

/**
 * Runs features through cucumber's API with flowcert's own configuration (cucumber.mjs at the package
 * root): its support code and steps, wherever the features are; paths, tags, parallel and the reports
 * folder as the caller says.
 */
export interface RunFeaturesOptions {
  /** The run's folder: feature paths and cucumber's uris are relative to it. */
  cwd: string;
  /** Feature files, folders or globs; empty: the configuration's (features/). */
  paths: string[];
  tags?: string;
  parallel?: number;
  /** Absolute. Every formatter output, allure-results and the traces go under it. */
  reportsDir: string;
  env: Record<string, string | undefined>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Every cucumber message, as the run goes. */
  onMessage?: (envelope: object) => void;
  /** Handed to every scenario's World (timers, injected faults). */
  worldParameters?: Record<string, unknown>;
}

export type RunFeaturesOutcome =
  | { kind: 'ran'; success: boolean }
  /** Nothing to run: no scenario in the paths, or none matching the tags. */
  | { kind: 'no-scenarios'; message: string }
  /** The configuration, a feature file or the support code is broken: nothing ran. */
  | { kind: 'config-error'; message: string };

/** A run checked and ready: what it will run, and what runFeatures needs to run it without loading anything again. */
export interface PlannedRun {
  plan: FeaturePlan;
  /** Files cucumber's formatters will write (absolute): they are created whole by every run. */
  outputs: string[];
  /** Opaque to callers. */
  configuration: IRunConfiguration;
  support: ISupportCodeLibrary;
  /** Set by selectShard: the run is one shard of the suite. */
  shard?: ShardPlan;
}

/** A scenario as shards and `flowcert merge` name it: by place, with its name for messages. */
export interface PlacedScenario {
  uri: string;
  line: number;
  name: string;
}

export interface ShardPlan {
  shard: Shard;
  /** Every scenario the suite selected, in every shard, in the order shards are dealt from. */
  suite: PlacedScenario[];
  /** This shard's scenarios, in the same order; empty when there are fewer scenarios than shards. */
  mine: PlacedScenario[];
}

export type PlanOutcome = { kind: 'planned'; run: PlannedRun } | Exclude<RunFeaturesOutcome, { kind: 'ran' }>;

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the configuration's formatter outputs and allure-results go, relative to the reports folder. */
const REPORTS_PREFIX = 'reports/';

/** flowcert's progress output: cucumber's, with the closest defined steps for an undefined one. */
const PROGRESS_FORMATTER = ownModule('src/cucumber/progress-formatter.ts').href;

/** allure-cucumberjs's formatter, without its fsync of every file (allure-formatter.ts). */
const ALLURE_FORMATTER = ownModule('src/cucumber/allure-formatter.ts').href;

/** cucumber's message and html formatters, writing their files once a scenario (batched-formatters.ts). */
const BATCHED_FORMATTERS: Readonly<Record<string, string>> = {
  message: ownModule('src/cucumber/message-formatter.ts').href,
  html: ownModule('src/cucumber/html-formatter.ts').href,
};

/** The formatter flowcert runs for one the configuration names: its own version of some, the others as named. */
function ownFormatter(formatter: string): string {
  if (formatter === 'allure-cucumberjs/reporter') return ALLURE_FORMATTER;
  return BATCHED_FORMATTERS[formatter] ?? formatter;
}

/**
 * Everything a run can find wrong before it writes a byte: the configuration, the feature files, the
 * support code (steps/ that do not load), the selection (no scenario matches). A dry run (no step, no
 * hook, no formatter output) gives the plan: each selected step with the definition it matches.
 */
export async function planFeatures(opts: RunFeaturesOptions): Promise<PlanOutcome> {
  const base = (await import(pathToFileURL(join(PACKAGE_ROOT, 'cucumber.mjs')).href)).default as Partial<IConfiguration>;
  const intoReports = (p: string) => (p.startsWith(REPORTS_PREFIX) ? join(opts.reportsDir, p.slice(REPORTS_PREFIX.length)) : resolve(opts.cwd, p));
  const formatOptions = { ...(base.formatOptions ?? {}) } as Record<string, unknown>;
  if (typeof formatOptions.resultsDir === 'string') formatOptions.resultsDir = intoReports(formatOptions.resultsDir);

  const provided: Partial<IConfiguration> = {
    ...base,
    paths: opts.paths.length > 0 ? opts.paths : (base.paths ?? []),
    // Globs with forward slashes on every platform; absolute, so a project elsewhere uses flowcert's steps.
    import: ownImports(base.import ?? []).map((p) => (isAbsolute(p) ? p : `${PACKAGE_ROOT.replace(/\\/g, '/').replace(/\/$/, '')}/${p}`)),
    formatOptions: formatOptions as IConfiguration['formatOptions'],
    worldParameters: { ...(base.worldParameters ?? {}), ...(opts.worldParameters ?? {}), reportsDir: opts.reportsDir },
    ...(opts.tags !== undefined ? { tags: opts.tags } : {}),
    ...(opts.parallel !== undefined ? { parallel: opts.parallel } : {}),
  };
  const environment = runEnvironment(opts);

  let configuration: IRunConfiguration;
  try {
    ({ runConfiguration: configuration } = await loadConfiguration({ file: false, provided }, environment));
  } catch (err) {
    return { kind: 'config-error', message: `cucumber configuration: ${messageOf(err)}` };
  }
  configuration.formats.files = Object.fromEntries(
    Object.entries(configuration.formats.files).map(([file, formatter]) => [intoReports(file), ownFormatter(formatter)]),
  );
  configuration.formats.publish = false;
  if (configuration.formats.stdout === 'progress') configuration.formats.stdout = PROGRESS_FORMATTER;

  try {
    const sources = await loadSources(configuration.sources, environment);
    if (sources.errors.length > 0) {
      const lines = sources.errors.map((e) => `${e.uri}:${e.location.line}${e.location.column ? `:${e.location.column}` : ''}: ${e.message}`);
      return { kind: 'config-error', message: `invalid feature file${lines.length > 1 ? 's' : ''}:\n  ${lines.join('\n  ')}` };
    }
  } catch (err) {
    const tagError = causes(err).find((m) => m.startsWith('Tag expression'));
    return { kind: 'config-error', message: tagError ? `invalid --tags: ${tagError}` : messageOf(err) };
  }

  let support: ISupportCodeLibrary;
  try {
    support = await supportLibrary(configuration, environment);
  } catch (err) {
    // Support code that fails to load (a syntax error in a step file, a missing module) ends up here.
    return { kind: 'config-error', message: messageOf(err) };
  }

  const collector = new FeaturePlanCollector();
  const quiet = { ...environment, stdout: sink(() => {}), stderr: sink(() => {}) };
  const dryRun: IRunConfiguration = {
    ...configuration,
    runtime: { ...configuration.runtime, dryRun: true, parallel: 0 },
    formats: { stdout: 'summary', files: {}, publish: false, options: {} },
  };
  try {
    await runCucumber({ ...dryRun, support }, quiet, (e) => collector.onMessage(e as object));
  } catch (err) {
    return { kind: 'config-error', message: messageOf(err) };
  }
  const plan = collector.plan();
  if (plan.scenarios.length === 0) {
    const where = configuration.sources.paths.join(' ');
    const tags = configuration.sources.tagExpression;
    if (!tags) return { kind: 'no-scenarios', message: `no scenarios in ${where}` };
    const unknown = tagNames(tags).filter((t) => !plan.allTags.includes(t));
    const guesses = unknown.map((t) => didYouMean(t, plan.allTags)).filter((g) => g !== undefined);
    const known = plan.allTags.length > 0 ? `\n  tags in these features: ${plan.allTags.join(', ')}` : '';
    return { kind: 'no-scenarios', message: `no scenario in ${where} matches --tags ${tags}${guesses.length ? ` — ${guesses.join('; ')}` : ''}${known}` };
  }
  return { kind: 'planned', run: { plan, outputs: Object.keys(configuration.formats.files), configuration, support } };
}

/**
 * One shard of a planned run (the rule is in reporting/shard.ts): its plan keeps only the shard's
 * scenarios, and cucumber is told to run exactly those by their lines (`features/x.feature:12:40`),
 * the selection cucumber documents for paths. Paths, tags and everything else the run selected by
 * stay as they were: the lines pick within that selection. Every scenario's line is its pickle's, an
 * outline's example row its row's, so a line picks one scenario and never a whole outline.
 */
export function selectShard(run: PlannedRun, shard: Shard): PlannedRun {
  const placed = (s: PlacedScenario): PlacedScenario => ({ uri: s.uri, line: s.line, name: s.name });
  const suite = [...run.plan.scenarios].sort(byPlace).map(placed);
  const scenarios = shardOf(run.plan.scenarios, shard);
  const lines = new Map<string, number[]>();
  for (const s of scenarios) lines.set(s.uri, [...(lines.get(s.uri) ?? []), s.line]);
  const paths = [...lines].map(([uri, ls]) => `${uri}:${ls.join(':')}`);
  return {
    ...run,
    plan: { ...run.plan, scenarios },
    configuration: { ...run.configuration, sources: { ...run.configuration.sources, paths } },
    shard: { shard, suite, mine: scenarios.map(placed) },
  };
}

/** Runs the features: the run planFeatures prepared, or (without one) plans first. */
export async function runFeatures(opts: RunFeaturesOptions, planned?: PlannedRun): Promise<RunFeaturesOutcome> {
  let run = planned;
  if (!run) {
    const outcome = await planFeatures(opts);
    if (outcome.kind !== 'planned') return outcome;
    run = outcome.run;
  }
  // An empty shard has no lines to give cucumber, which would then run the configuration's paths: every scenario.
  if (run.shard && run.shard.mine.length === 0) return { kind: 'ran', success: true };
  try {
    const result = await runCucumber({ ...run.configuration, support: run.support }, runEnvironment(opts), opts.onMessage);
    return { kind: 'ran', success: result.success };
  } catch (err) {
    return { kind: 'config-error', message: messageOf(err) };
  }
}

/**
 * The step definitions, loaded once per process: step files are ES modules, which run only on their
 * first import, so a second load in the same process would find no step at all. A `flowcert run` is
 * one process; tests run many in one.
 */
const loadedSupport = new Map<string, Promise<ISupportCodeLibrary>>();

function supportLibrary(configuration: IRunConfiguration, environment: IRunEnvironment): Promise<ISupportCodeLibrary> {
  const key = JSON.stringify(configuration.support);
  let library = loadedSupport.get(key);
  if (!library) {
    library = loadSupport({ sources: configuration.sources, support: configuration.support }, environment);
    loadedSupport.set(key, library);
    // A load that failed is not remembered: the next run reports its own error.
    library.catch(() => loadedSupport.delete(key));
  }
  return library;
}

function runEnvironment(opts: RunFeaturesOptions): IRunEnvironment {
  return { cwd: opts.cwd, stdout: sink(opts.stdout), stderr: sink(opts.stderr), env: opts.env };
}

/** Paths given on the command line that name nothing: `features/x.feature:12` is checked without its line. */
export function missingPaths(cwd: string, paths: string[]): string[] {
  return paths.filter((p) => !/[*?[\]{}]/.test(p) && !existsSync(resolve(cwd, p.replace(/(:\d+)+$/, ''))));
}

function sink(write: (s: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
}

/** An error and its causes, one per line: cucumber wraps the useful message (`Failed to import ...`, then why). */
function messageOf(err: unknown): string {
  return causes(err).join('\n  caused by: ');
}

function causes(err: unknown): string[] {
  const lines: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    lines.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  }
  return lines;
}
