import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfiguration, loadSources, runCucumber, type IConfiguration, type IRunEnvironment } from '@cucumber/cucumber/api';

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

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the configuration's formatter outputs and allure-results go, relative to the reports folder. */
const REPORTS_PREFIX = 'reports/';

export async function runFeatures(opts: RunFeaturesOptions): Promise<RunFeaturesOutcome> {
  const base = (await import(pathToFileURL(join(PACKAGE_ROOT, 'cucumber.mjs')).href)).default as Partial<IConfiguration>;
  const intoReports = (p: string) => (p.startsWith(REPORTS_PREFIX) ? join(opts.reportsDir, p.slice(REPORTS_PREFIX.length)) : resolve(opts.cwd, p));
  const formatOptions = { ...(base.formatOptions ?? {}) } as Record<string, unknown>;
  if (typeof formatOptions.resultsDir === 'string') formatOptions.resultsDir = intoReports(formatOptions.resultsDir);

  const provided: Partial<IConfiguration> = {
    ...base,
    paths: opts.paths.length > 0 ? opts.paths : (base.paths ?? []),
    // Globs with forward slashes on every platform; absolute, so a project elsewhere uses flowcert's steps.
    import: (base.import ?? []).map((p) => (isAbsolute(p) ? p : `${PACKAGE_ROOT.replace(/\\/g, '/').replace(/\/$/, '')}/${p}`)),
    formatOptions: formatOptions as IConfiguration['formatOptions'],
    worldParameters: { ...(base.worldParameters ?? {}), ...(opts.worldParameters ?? {}), reportsDir: opts.reportsDir },
    ...(opts.tags !== undefined ? { tags: opts.tags } : {}),
    ...(opts.parallel !== undefined ? { parallel: opts.parallel } : {}),
  };
  const environment: IRunEnvironment = { cwd: opts.cwd, stdout: sink(opts.stdout), stderr: sink(opts.stderr), env: opts.env };

  let runConfiguration;
  try {
    ({ runConfiguration } = await loadConfiguration({ file: false, provided }, environment));
  } catch (err) {
    return { kind: 'config-error', message: `cucumber configuration: ${messageOf(err)}` };
  }
  runConfiguration.formats.files = Object.fromEntries(Object.entries(runConfiguration.formats.files).map(([file, formatter]) => [intoReports(file), formatter]));
  runConfiguration.formats.publish = false;

  try {
    const sources = await loadSources(runConfiguration.sources, environment);
    if (sources.errors.length > 0) {
      const lines = sources.errors.map((e) => `${e.uri}:${e.location.line}${e.location.column ? `:${e.location.column}` : ''}: ${e.message}`);
      return { kind: 'config-error', message: `invalid feature file${lines.length > 1 ? 's' : ''}:\n  ${lines.join('\n  ')}` };
    }
    if (sources.plan.length === 0) {
      const where = runConfiguration.sources.paths.join(' ');
      const tags = runConfiguration.sources.tagExpression;
      return { kind: 'no-scenarios', message: tags ? `no scenario in ${where} matches --tags ${tags}` : `no scenarios in ${where}` };
    }
  } catch (err) {
    const tagError = causes(err).find((m) => m.startsWith('Tag expression'));
    return { kind: 'config-error', message: tagError ? `invalid --tags: ${tagError}` : messageOf(err) };
  }

  try {
    const result = await runCucumber(runConfiguration, environment, opts.onMessage);
    return { kind: 'ran', success: result.success };
  } catch (err) {
    // Support code that fails to load (a syntax error in a step file, a missing module) ends up here.
    return { kind: 'config-error', message: messageOf(err) };
  }
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
