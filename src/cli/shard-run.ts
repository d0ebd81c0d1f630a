import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { modelsReferenced } from '../cucumber/plan-participants.ts';
import { PACKAGE_ROOT } from '../cucumber/run-features.ts';
import { findModelFiles } from '../flow/loader.ts';
import { FLOWCERT_SUITE_FILES, hashFiles } from '../reporting/certificate-files.ts';
import type { ReportsManifest } from '../reporting/reports-manifest.ts';
import type { ScenarioResult } from '../reporting/run-summary.ts';
import { shardFileData, writeShardFile } from '../reporting/shard-file.ts';
import type { CertifyPart, SuiteIdentity } from '../reporting/shard-file.ts';
import { scenarioKey } from '../reporting/shard.ts';
import { FLOWCERT_VERSION } from '../session/version.ts';
import { MODELS_DIR } from './model-inventory.ts';
import { inputPath } from './paths.ts';
import type { ReadyRun } from './run-preflight.ts';

/**
 * The shard's side of `flowcert merge`: after a `--shard i/n` run, its flowcert-shard.json
 * (reporting/shard-file.ts) — which shard of which suite, what it ran, the files merge copies.
 */
export interface ShardRunEnd {
  ready: ReadyRun;
  manifest: ReportsManifest;
  command: 'run' | 'certify';
  started: string;
  interruptedBy?: string;
  results: ScenarioResult[];
  /** Options the command adds to run's that change what runs (certify: the role). */
  options?: Record<string, unknown>;
  certify?: CertifyPart;
  cwd: string;
}

export async function writeShardRun(end: ShardRunEnd): Promise<string> {
  const { ready, manifest } = end;
  const plan = ready.planned.shard;
  if (!plan) throw new Error('writeShardRun: the run is not a shard');
  // What the run wrote up to now; the fixed-name outputs (cucumber's, JUnit) are each shard's own and
  // are not copied: merge writes its own JUnit, and the formatter's log in allure-results is no result.
  await manifest.record();
  const fixed = new Set(ready.reports.files.map((f) => relative(ready.reports.dir, f).split('\\').join('/')));
  const files = manifest.listed().filter((p) => !p.endsWith('/') && !fixed.has(p) && (p.startsWith('allure-results/') || p.startsWith('traces/')));
  return writeShardFile(
    ready.reports.dir,
    shardFileData({
      command: end.command,
      shard: plan.shard,
      flowcertVersion: FLOWCERT_VERSION,
      started: end.started,
      ...(end.interruptedBy !== undefined ? { interrupted: end.interruptedBy } : {}),
      suite: await suiteIdentity(ready, end.cwd, end.options ?? {}),
      assigned: plan.mine.map(scenarioKey),
      results: end.results,
      files,
      ...(end.certify ? { certify: end.certify } : {}),
    }),
  );
}

/**
 * What makes shards one suite: the scenarios it selected, the files the verdicts rest on (every
 * feature of the selection, every model the features may name, the binding configuration, flowcert's
 * catalog and steps), and the options that change what runs. Not --parallel, --reports, --no-allure or
 * --out: they change how fast and where, not what.
 */
async function suiteIdentity(ready: ReadyRun, cwd: string, commandOptions: Record<string, unknown>): Promise<SuiteIdentity> {
  const plan = ready.planned.shard;
  const scenarios = plan?.suite ?? [];
  const rel = (p: string) => (isAbsolute(p) ? relative(cwd, p) : p).split('\\').join('/');
  const modelsDir = inputPath(cwd, MODELS_DIR);
  const models = existsSync(modelsDir) ? (await findModelFiles([modelsDir])).files.map(rel) : [];
  // A model a feature names by path outside scenarios/ (`the flow follows model "specs/x.yaml" …`).
  const byPath = modelsReferenced(ready.planned.plan).filter((r) => /\.ya?ml$/i.test(r) && existsSync(join(cwd, r)));
  const paths = [
    ...new Set(scenarios.map((s) => rel(s.uri))),
    ...models,
    ...byPath,
    ...(ready.configFile !== undefined ? [rel(inputPath(cwd, ready.configFile))] : []),
    ...FLOWCERT_SUITE_FILES,
  ];
  const w = ready.worldParameters;
  const options: Record<string, unknown> = {
    ...(ready.paths.length ? { paths: ready.paths } : {}),
    ...(ready.tags !== undefined ? { tags: ready.tags } : {}),
    ...(w.timers ? { timers: w.timers } : {}),
    ...(w.faults ? { faults: w.faults } : {}),
    ...(typeof w.profile === 'string' ? { profile: w.profile } : {}),
    ...(ready.configFile !== undefined ? { sut: rel(inputPath(cwd, ready.configFile)) } : {}),
    ...Object.fromEntries(Object.entries(commandOptions).filter(([, v]) => v !== undefined)),
  };
  return { scenarios, files: await hashFiles(paths, cwd, PACKAGE_ROOT), options };
}
