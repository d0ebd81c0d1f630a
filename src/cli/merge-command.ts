import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { defaultCatalog } from '../catalog/catalog.ts';
import { generateAllureReport } from '../reporting/allure-report.ts';
import { resolveEvidence } from '../reporting/certificate-evidence.ts';
import { writeCertificate } from '../reporting/certificate-files.ts';
import { mergeCertifyParts } from '../reporting/certificate-merge.ts';
import { buildCertificate } from '../reporting/certificate.ts';
import { renderJUnit } from '../reporting/junit-report.ts';
import { countResults, summaryLine } from '../reporting/run-summary.ts';
import { readShardFile } from '../reporting/shard-file.ts';
import { mergeShards, type MergedShards, type ShardInput } from '../reporting/shard-merge.ts';
import { shardName } from '../reporting/shard.ts';
import { coverageFiles, shardCoverage, writeCoverage } from './run-coverage.ts';
import { EXIT, parseCommandArgs, type CliIo } from './args.ts';
import { certifyLine } from './certify-command.ts';
import { inputPath } from './paths.ts';
import { checkReportsFolder, claimReportsFolder, reportsLayout, shortPath, type ReportsLayout } from './reports-folder.ts';
import { runExitCode } from './run-command.ts';
import { MERGE_USAGE } from './usage.ts';

const VERDICT_EXIT = { pass: EXIT.ok, fail: EXIT.failed, inconc: EXIT.inconc, error: EXIT.error } as const;
const COMMAND = 'flowcert merge';

/**
 * `flowcert merge DIR... [--out DIR] [--no-allure]`: the reports folders of every shard of one run
 * (`flowcert run --shard i/n`, or certify) become one reports folder, as if the suite had run on one
 * machine: one JUnit file (every scenario once, the counts summed), the summary line, the Allure
 * results of all shards (Allure merges results folders by design: they are copied side by side) and
 * its report, the traces in the layout a run writes, and for certify shards one certificate rebuilt
 * from all the shards' scenario records. Like run, it checks everything before it writes anything
 * (reporting/shard-merge.ts says what it refuses), and keeps a manifest of what it wrote, so the next
 * run or merge in that folder removes exactly that. Each shard's Cucumber HTML report stays in its
 * folder: cucumber's messages of separate runs do not make one report.
 */
export async function mergeCommand(args: string[], io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`${COMMAND}: ${message}\n`);
    return EXIT.usage;
  };
  const parsed = parseCommandArgs(COMMAND, args, { out: { type: 'string' }, 'no-allure': { type: 'boolean' } });
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(MERGE_USAGE);
    return EXIT.ok;
  }
  const shown = (p: string) => shortPath(io.cwd, p);
  if (parsed.positionals.length === 0) return fail('give the reports folder of every shard: flowcert merge DIR... (e.g. flowcert merge reports/shard-*)');

  const dirs = new Map<string, string>();
  const inputs: (ShardInput & { dir: string })[] = [];
  const problems: string[] = [];
  for (const typed of parsed.positionals) {
    const dir = inputPath(io.cwd, typed);
    if (dirs.has(dir)) return fail(`${typed} is given twice (as ${dirs.get(dir)} too): give each shard's reports folder once`);
    dirs.set(dir, typed);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`no such folder: ${typed}`);
      continue;
    }
    const read = await readShardFile(dir, typed);
    if ('problem' in read) problems.push(read.problem);
    else inputs.push({ shown: typed, file: read.file, dir });
  }
  // Every folder's problem at once: a CI log shows them all, not one per attempt.
  if (problems.length > 0) return fail(problems.join(`\n${COMMAND}: `));
  const outcome = mergeShards(inputs);
  if ('problem' in outcome) return fail(outcome.problem);
  const { merged } = outcome;

  const outDir = inputPath(io.cwd, typeof parsed.values.out === 'string' ? parsed.values.out : 'reports');
  const certDir = join(outDir, 'certificate');
  const certify = merged.command === 'certify' ? mergeCertifyParts(merged.shards, outDir) : undefined;
  if (certify && 'problem' in certify) return fail(certify.problem);

  const copies = copyPlan(merged, inputs, outDir);
  if ('problem' in copies) return fail(copies.problem);
  const allure = !parsed.values['no-allure'];
  const coverage = await shardCoverage(inputs.map((i) => i.dir));
  const layout = reportsLayout(outDir, [], allure, certify ? [certDir] : [], [...copies.map((c) => c.to), ...(coverage ? coverageFiles(outDir) : [])]);
  const clash = outClash(layout, inputs, shown);
  if (clash) return fail(clash);
  const folder = await checkReportsFolder(layout, io.cwd, '--out');
  if ('problem' in folder) return fail(folder.problem);

  // Every check has passed: from here on the out folder changes.
  const manifest = await claimReportsFolder(layout, folder.previous, io.cwd, (w) => io.stderr(`${COMMAND}: warning: ${w}\n`));
  try {
    for (const c of copies) {
      await mkdir(dirname(c.to), { recursive: true });
      await copyFile(c.from, c.to);
    }
    await writeFile(layout.junit, renderJUnit(merged.results, { suiteName: 'flowcert', timestamp: merged.started }));
    const reports = [shown(layout.junit)];
    if (allure) {
      const generated = await generateAllureReport({ resultsDir: layout.allureResults, reportDir: layout.allureReport, env: io.env, displayReportDir: shown(layout.allureReport), displayResultsDir: shown(layout.allureResults) });
      if (generated.kind === 'generated') reports.push(shown(join(layout.allureReport, 'index.html')));
      else io.stdout(`${generated.message}\n`);
    }
    const which = merged.shards.map((s) => `${shardName(s.file.shard)} ${s.shown}`).join(', ');
    io.stdout(`${COMMAND}: ${merged.total} shard${merged.total === 1 ? '' : 's'} of flowcert ${merged.command} (${which}) merged into ${shown(outDir)}\n`);
    const counts = countResults(merged.results);
    if (coverage) io.stdout((await writeCoverage(coverage, outDir, shown)).map((l) => `${l}\n`).join(''));
    io.stdout(`${summaryLine(counts, reports)}\n`);
    if (!certify) return runExitCode(counts);

    const { input } = certify;
    const certificate = buildCertificate({ ...input, catalog: defaultCatalog, evidence: () => ({ excerpt: [] }) });
    await resolveEvidence(certificate, input.records);
    const files = await writeCertificate(certDir, certificate);
    io.stdout(`${certifyLine(certificate, shown(files.html))}\n`);
    return VERDICT_EXIT[certificate.verdict];
  } finally {
    await manifest.finish();
  }
}

interface Copy {
  from: string;
  to: string;
}

/**
 * Each shard's Allure results and traces, to the same place under the out folder. Allure names its
 * results by random ids and traces are named by scenario and line, so shards never write the same
 * name; two that do are refused rather than one overwritten. A file the shard file lists that is not
 * there means the folder came incomplete (an artifact upload that dropped it).
 */
function copyPlan(merged: MergedShards, inputs: readonly (ShardInput & { dir: string })[], outDir: string): Copy[] | { problem: string } {
  const dirOf = new Map(inputs.map((i) => [i.file, i.dir]));
  const targets = new Map<string, ShardInput>();
  const copies: Copy[] = [];
  for (const s of merged.shards) {
    const dir = dirOf.get(s.file)!;
    for (const rel of s.file.files) {
      const from = join(dir, ...rel.split('/'));
      if (!existsSync(from)) return { problem: `${s.shown}/${rel} is missing: the shard's folder is not as its run left it (its flowcert-shard.json lists the file)\n  copy the whole folder (an artifact upload must keep every file), or run that shard again` };
      const other = targets.get(rel);
      if (other) return { problem: `${other.shown} and ${s.shown} both have ${rel}: shards never write the same file, so one of them is not what its run left` };
      targets.set(rel, s);
      copies.push({ from, to: join(outDir, ...rel.split('/')) });
    }
  }
  return copies;
}

/** The out folder must not be a shard's folder or inside one, and no shard may sit where merge writes. */
function outClash(layout: ReportsLayout, inputs: readonly (ShardInput & { dir: string })[], shown: (p: string) => string): string | undefined {
  const inside = (parent: string, p: string) => {
    const rel = relative(parent, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  for (const i of inputs) {
    if (inside(i.dir, layout.dir)) return `--out ${shown(layout.dir)} is ${i.dir === layout.dir ? '' : 'inside '}the reports folder of shard ${shardName(i.file.shard)}: merge writes beside the shards, not into one\n  e.g. --out reports/merged`;
    const within = layout.folders.find((f) => inside(f, i.dir));
    if (within) return `${i.shown} is inside ${shown(within)}, which merge writes into: move the shard's folder, or choose another --out`;
  }
  return undefined;
}
