import { isAbsolute, join, relative } from 'node:path';
import { ROLE_IDS, ROLE_LABELS, ROLE_SPELLINGS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { defaultCatalog } from '../catalog/catalog.ts';
import { PACKAGE_ROOT } from '../cucumber/run-features.ts';
import { suggestRole } from '../flow/role-names.ts';
import { buildCertificate } from '../reporting/certificate.ts';
import type { Certificate, Harness } from '../reporting/certificate.ts';
import { FLOWCERT_SUITE_FILES, hashFiles, verifyCertificate, writeCertificate } from '../reporting/certificate-files.ts';
import { resolveEvidence } from '../reporting/certificate-evidence.ts';
import { readScenarioRecord, SCENARIO_RECORD_MEDIA_TYPE } from '../reporting/scenario-record.ts';
import type { ScenarioRecord } from '../reporting/scenario-record.ts';
import { Redactor } from '../secrets/redactor.ts';
import { recordForShard } from '../reporting/shard-file.ts';
import { shardName } from '../reporting/shard.ts';
import type { Bindings } from '../session/binding-config.ts';
import { FLOWCERT_VERSION } from '../session/version.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo } from './args.ts';
import { inputPath } from './paths.ts';
import { shortPath } from './reports-folder.ts';
import { executeRun } from './run-command.ts';
import { preflight } from './run-preflight.ts';
import type { ReadyRun } from './run-preflight.ts';
import { CERTIFY_USAGE } from './usage.ts';

const CERTIFY_OPTIONS = { role: { type: 'string' }, out: { type: 'string' }, verify: { type: 'string' } } as const;
const VERDICT_EXIT = { pass: EXIT.ok, fail: EXIT.failed, inconc: EXIT.inconc, error: EXIT.error } as const;

/**
 * `flowcert certify --sut FILE [--role R] [--out DIR]`: every feature, with the system under test bound
 * as the configuration says; then a certificate of the role it plays (certificate.json and .html):
 * what it claims, the verdict per model, variant and phase, a score, coverage of its part of the
 * catalog, and why each failure failed. `--verify DIR` re-checks a certificate against the suite.
 */
export async function certifyCommand(args: string[], io: CliIo): Promise<number> {
  const verify = verifyArg(args);
  if (verify !== undefined) return verifyFolder(verify, io);
  let role: Role | undefined;
  const ready = await preflight(args, io, CERTIFY_USAGE, {
    command: 'flowcert certify',
    options: CERTIFY_OPTIONS,
    world: { records: true },
    folders: (reportsDir, extra) => {
      const out = certificateDir(reportsDir, extra, io.cwd);
      return inside(reportsDir, out) ? [out] : [];
    },
    check: (extra, bindings) => {
      if (!bindings) return 'no system under test: give its binding configuration with --sut FILE (or put flowcert.config.yaml in this folder)';
      const r = chooseRole(extra.role, bindings);
      if (typeof r === 'string' && !isRole(r)) return r;
      role = r as Role | undefined;
      return undefined;
    },
  });
  if (typeof ready === 'number') return ready;
  const records: ScenarioRecord[] = [];
  return executeRun(ready, io, 'flowcert certify', {
    onMessage: (e) => {
      const a = (e as { attachment?: { mediaType: string; body: string } }).attachment;
      if (a?.mediaType !== SCENARIO_RECORD_MEDIA_TYPE) return;
      const r = readScenarioRecord(a.body);
      if (r) records.push(r);
    },
    finish: async () => certify(ready, role, records, io),
    // A shard keeps what its certificate is built from, so `flowcert merge` builds the suite's from all of them.
    shard: {
      command: 'certify',
      options: { role: ready.extra.role },
      part: async () => {
        const r = role ?? onlySutRole(records);
        // flowcert-shard.json is an output like any other: the identity's secrets leave as [secret].
        return new Redactor(ready.bindings?.secrets ?? []).value({
          ...(isRole(r) ? { role: r } : {}),
          identity: { ...(ready.bindings?.sut ?? {}) },
          ...(ready.configFile ? { config: ready.configFile } : {}),
          harness: await harnessOf(ready, records, io.cwd),
          records: records.map((x) => recordForShard(x, ready.reports.dir)),
        });
      },
    },
  });
}

function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLE_IDS as string[]).includes(s);
}

async function certify(ready: ReadyRun, asked: Role | undefined, records: ScenarioRecord[], io: CliIo): Promise<number> {
  const role = asked ?? onlySutRole(records);
  if (typeof role !== 'string' || !isRole(role)) {
    io.stderr(`flowcert certify: ${role ?? 'no participant was bound to the system under test in any scenario that ran: nothing to certify'}\n`);
    return EXIT.usage;
  }
  const outDir = certificateDir(ready.reports.dir, ready.extra, io.cwd);
  const certificate = buildCertificate({
    identity: { ...(ready.bindings?.sut ?? {}) },
    role,
    ...(ready.configFile ? { config: ready.configFile } : {}),
    harness: await harnessOf(ready, records, io.cwd),
    records,
    catalog: defaultCatalog,
    // Filled in from the run's files below: building the certificate reads nothing.
    evidence: () => ({ excerpt: [] }),
  });
  await resolveEvidence(certificate, records);
  // The identity comes from the configuration as written (`sut: { password: … }`): the certificate,
  // its page and the line below show [secret] where a secret of it stood.
  const published = new Redactor(ready.bindings?.secrets ?? []).value(certificate);
  const files = await writeCertificate(outDir, published);
  io.stdout(`${certifyLine(published, shortPath(io.cwd, files.html))}\n`);
  return VERDICT_EXIT[certificate.verdict];
}

/** Who ran the suite, where, on which files and with which options: the same for a certificate and a shard's part of one. */
async function harnessOf(ready: ReadyRun, records: readonly ScenarioRecord[], cwd: string): Promise<Harness> {
  return {
    flowcertVersion: FLOWCERT_VERSION,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    files: await hashFiles(await suiteFiles(ready, records, cwd), cwd, PACKAGE_ROOT),
    options: runOptions(ready),
  };
}

/** `flowcert certify: Acme Desktop 2.3.1 as Agent Application: FAIL — score 33% (3 of 9 passed; 6 failed) — certificate: reports/certificate/certificate.html` */
export function certifyLine(c: Certificate, where: string): string {
  const name = `${String(c.sut.identity.name ?? 'the system under test')}${c.sut.identity.version !== undefined ? ` ${String(c.sut.identity.version)}` : ''}`;
  const s = c.score;
  const rest = [s.failed && `${s.failed} failed`, s.inconc && `${s.inconc} inconc`, s.error && `${s.error} error`].filter(Boolean).join(', ');
  return `flowcert certify: ${name} as ${ROLE_LABELS[c.sut.role]}: ${c.verdict.toUpperCase()} — score ${Math.round(s.value * 100)}% (${s.passed} of ${s.applicable} passed${rest ? `; ${rest}` : ''}) — certificate: ${where}`;
}

/** --role, else the one role the configuration binds to something other than the reference; else decided after the run. */
function chooseRole(asked: unknown, bindings: Bindings): Role | string | undefined {
  if (typeof asked === 'string') {
    const r = Object.hasOwn(ROLE_SPELLINGS, asked) ? ROLE_SPELLINGS[asked] : undefined;
    return r ?? `--role ${asked}: unknown role${suggestRole(asked) ? ` — ${suggestRole(asked)}` : ''}\n  roles: ${ROLE_IDS.join(', ')}`;
  }
  const bound = Object.entries(bindings.roles).filter(([, b]) => b.kind !== 'reference').map(([r]) => r as Role);
  if (bound.length > 1) return `the configuration binds ${bound.join(' and ')}: name the role to certify with --role`;
  return bound[0];
}

/** The one role played by a system under test in the records; a message when there are several or none. */
function onlySutRole(records: readonly ScenarioRecord[]): Role | string | undefined {
  const roles = new Set(records.flatMap((r) => r.participants.filter((p) => p.binding === 'sut').map((p) => p.role)));
  if (roles.size > 1) return `systems under test played ${[...roles].join(' and ')}: name the role to certify with --role`;
  return [...roles][0];
}

function certificateDir(reportsDir: string, extra: ReadyRun['extra'], cwd: string): string {
  return typeof extra.out === 'string' ? inputPath(cwd, extra.out) : join(reportsDir, 'certificate');
}

function inside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The features that ran, every model, the binding configuration, and flowcert's catalog and steps: what the verdicts rest on. */
async function suiteFiles(ready: ReadyRun, records: readonly ScenarioRecord[], cwd: string): Promise<string[]> {
  const rel = (p: string) => (isAbsolute(p) ? relative(cwd, p) : p);
  const models = records.flatMap((r) => r.checks.filter((c) => c.variant !== 'table').map((c) => rel(c.modelFile)));
  const features = [...new Set(records.map((r) => r.uri))];
  return [...features, ...new Set(models), ...(ready.configFile ? [rel(inputPath(cwd, ready.configFile))] : []), ...FLOWCERT_SUITE_FILES];
}

/** The options that change what ran; a shard's certificate says which shard it is (a merged one, how many shards). */
function runOptions(ready: ReadyRun): Record<string, unknown> {
  const w = ready.worldParameters;
  const shard = ready.planned.shard?.shard;
  return {
    ...(ready.paths.length ? { paths: ready.paths } : {}),
    ...(ready.tags !== undefined ? { tags: ready.tags } : {}),
    ...(w.timers ? { timers: w.timers } : {}),
    ...(typeof w.profile === 'string' ? { profile: w.profile } : {}),
    ...(shard ? { shard: shardName(shard) } : {}),
  };
}

function verifyArg(args: string[]): string | undefined {
  const parsed = parseCommandArgs('flowcert certify', args, { ...CERTIFY_OPTIONS });
  if (!parsed.ok) return undefined;
  return typeof parsed.values.verify === 'string' ? parsed.values.verify : undefined;
}

async function verifyFolder(dir: string, io: CliIo): Promise<number> {
  const r = await verifyCertificate(inputPath(io.cwd, dir), io.cwd, PACKAGE_ROOT);
  // No certificate to re-check (a wrong or missing folder) is the input's fault, not the certificate's.
  if (r.noCertificate) {
    io.stderr(`flowcert certify --verify: ${r.problems.join('; ')}\n`);
    return EXIT.usage;
  }
  const c = r.certificate;
  const what = c ? `${String(c.sut.identity.name ?? 'the system under test')} as ${ROLE_LABELS[c.sut.role] ?? c.sut.role}, ${c.verdict.toUpperCase()} on ${c.harness.date}` : dir;
  if (r.applies) {
    io.stdout(`flowcert certify --verify: the certificate of ${what} still applies: it is as flowcert wrote it, and all ${c?.harness.files.length ?? 0} files of the suite it rests on are unchanged\n`);
    return EXIT.ok;
  }
  io.stdout(`flowcert certify --verify: the certificate of ${what} no longer applies:\n${r.problems.map((p) => `  ${p}\n`).join('')}`);
  return EXIT.failed;
}
