import { readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Role } from '../catalog/types.ts';
import type { Harness } from './certificate.ts';
import type { ScenarioResult } from './run-summary.ts';
import type { ScenarioRecord } from './scenario-record.ts';
import type { Shard } from './shard.ts';

/**
 * `<reports>/flowcert-shard.json`: what one shard of a run (`flowcert run --shard i/n`, or certify)
 * leaves for `flowcert merge`, beside its usual reports. Everything merge needs is in this one file,
 * as data, so merge reads no XML, no cucumber messages, and nothing a CI artifact upload may drop
 * (hidden files such as the manifest):
 *
 * - who it is: shard i of n, of which command, by which flowcert;
 * - the suite it is a shard of: every scenario the whole suite selected (so merge can tell a missing
 *   shard from an empty one, and name what is missing), the sha-256 of the files the verdicts rest on,
 *   and the options that change what runs — shards that differ in any of them are not one run;
 * - what it ran: each scenario's result as JUnit and the summary line are drawn from it;
 * - the files under the reports folder merge copies (Allure results, traces), relative to it;
 * - for certify, the certificate's inputs: role, identity, harness, and the scenario records, whose
 *   trace and diagram paths are relative to the reports folder (the shard ran on another machine).
 */
export const SHARD_FILE = 'flowcert-shard.json';
export const SHARD_FORMAT = 'flowcert-shard/1';

export interface SuiteIdentity {
  /** Every scenario the suite selected, all shards together, sorted by feature path then line. */
  scenarios: { uri: string; line: number; name: string }[];
  /** Features, models, the binding configuration and flowcert's catalog and steps, with their sha-256. */
  files: { path: string; sha256: string }[];
  /** The options that change what runs (paths, tags, timers, faults, the configuration, the role). */
  options: Record<string, unknown>;
}

export interface CertifyPart {
  /** Absent when this shard could not tell (it ran no scenario with a system under test in it). */
  role?: Role;
  identity: Record<string, unknown>;
  config?: string;
  harness: Harness;
  records: ScenarioRecord[];
}

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  about: string;
  command: 'run' | 'certify';
  shard: Shard;
  flowcertVersion: string;
  started: string;
  /** The signal that interrupted the shard's run: its results are not the whole shard. */
  interrupted?: string;
  suite: SuiteIdentity;
  /** The scenarios the shard rule gave this shard (uri:line), in shard order. */
  assigned: string[];
  results: ScenarioResult[];
  /** Files merge copies, relative to the reports folder, `/`-separated: allure-results/…, traces/…. */
  files: string[];
  certify?: CertifyPart;
}

const ABOUT = 'One shard of a flowcert run, for `flowcert merge`: which shard, of which suite, and what it ran. Written by flowcert; do not edit.';

export function shardFileData(data: Omit<ShardFile, 'format' | 'about'>): ShardFile {
  return { format: SHARD_FORMAT, about: ABOUT, ...data };
}

/** Whole or not at all (by rename): a shard killed while writing leaves no half file for merge to trust. */
export async function writeShardFile(reportsDir: string, data: ShardFile): Promise<string> {
  const file = join(reportsDir, SHARD_FILE);
  await writeFile(`${file}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

/** The shard file of a reports folder, or why there is none to use (`shown`: the folder as the user typed it). */
export async function readShardFile(reportsDir: string, shown: string): Promise<{ file: ShardFile } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(join(reportsDir, SHARD_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return {
        problem:
          `${shown} has no ${SHARD_FILE}: it is not the reports folder of one shard\n` +
          `  give the folders written by \`flowcert run --shard i/n --reports DIR\` (or certify), one per shard`,
      };
    }
    return { problem: `${shown}/${SHARD_FILE} cannot be read: ${(err as Error).message}` };
  }
  let data: Partial<ShardFile>;
  try {
    data = JSON.parse(text) as Partial<ShardFile>;
  } catch (err) {
    return { problem: `${shown}/${SHARD_FILE} is not JSON (${(err as Error).message}): it was cut or edited; run that shard again` };
  }
  if (data.format !== SHARD_FORMAT) {
    return { problem: `${shown}/${SHARD_FILE} says format ${JSON.stringify(data.format)}; this flowcert reads ${SHARD_FORMAT}: merge with the flowcert that ran the shards` };
  }
  const s = data.shard;
  const shapeOk =
    (data.command === 'run' || data.command === 'certify') &&
    s !== undefined && Number.isInteger(s.index) && Number.isInteger(s.total) && s.index >= 1 && s.index <= s.total &&
    typeof data.flowcertVersion === 'string' &&
    Array.isArray(data.suite?.scenarios) && Array.isArray(data.suite?.files) && typeof data.suite?.options === 'object' &&
    Array.isArray(data.assigned) && Array.isArray(data.results) && Array.isArray(data.files) &&
    (data.certify === undefined || Array.isArray(data.certify.records));
  if (!shapeOk) return { problem: `${shown}/${SHARD_FILE} is not a shard file flowcert wrote (a field is missing or of the wrong type); run that shard again` };
  // Merge copies these into its own folder: a path that leaves the shard's folder, or lands outside
  // what a run writes, would have it write anywhere.
  const stray = data.files!.find((f) => !/^(allure-results|traces)\//.test(String(f)) || !isSafeRelative(String(f)));
  if (stray !== undefined) return { problem: `${shown}/${SHARD_FILE} lists ${JSON.stringify(stray)}, which is not a file under allure-results/ or traces/ of the shard: it was edited; run that shard again` };
  return { file: data as ShardFile };
}

/** A relative, `/`-separated path with no `.` or `..` step: it stays inside the folder it is relative to. */
export function isSafeRelative(p: string): boolean {
  if (p === '' || isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.includes('\\')) return false;
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * A scenario record as a shard file keeps it: its trace and diagrams relative to the shard's reports
 * folder, since merge reads them from wherever that folder was downloaded to.
 */
export function recordForShard(r: ScenarioRecord, reportsDir: string): ScenarioRecord {
  const rel = (p: string) => (isAbsolute(p) ? relative(reportsDir, p).split(sep).join('/') : p);
  return {
    ...r,
    ...(r.trace !== undefined ? { trace: rel(r.trace) } : {}),
    checks: r.checks.map((c) => (c.diagram !== undefined ? { ...c, diagram: rel(c.diagram) } : c)),
  };
}

/**
 * The inverse: a shard file's record with its paths under `dir` (where merge copied the shard's
 * traces). A path that would leave `dir` is dropped: the certificate then says the trace could not be read.
 */
export function recordFromShard(r: ScenarioRecord, dir: string): ScenarioRecord {
  const abs = (p: string) => (isSafeRelative(p) ? join(dir, ...p.split('/')) : undefined);
  const { trace, ...rest } = r;
  const inDir = trace !== undefined ? abs(trace) : undefined;
  return {
    ...rest,
    ...(inDir !== undefined ? { trace: inDir } : {}),
    checks: r.checks.map(({ diagram, ...c }) => {
      const d = diagram !== undefined ? abs(diagram) : undefined;
      return d !== undefined ? { ...c, diagram: d } : c;
    }),
  };
}
