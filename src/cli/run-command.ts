import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFeatures } from '../cucumber/run-features.ts';
import { generateAllureReport } from '../reporting/allure-report.ts';
import { applyVerdictsToAllure } from '../reporting/allure-verdicts.ts';
import { renderJUnit } from '../reporting/junit-report.ts';
import type { ReportsManifest } from '../reporting/reports-manifest.ts';
import { RunSummaryCollector, runVerdict, summaryLine, timeLine, type RunCounts } from '../reporting/run-summary.ts';
import type { CertifyPart } from '../reporting/shard-file.ts';
import { shardName } from '../reporting/shard.ts';
import { FAULT_NAMES } from '../adapters/index.ts';
import { EXIT, type CliIo } from './args.ts';
import { claimReportsFolder, shortPath } from './reports-folder.ts';
import { watchRunInterrupts, type RunInterrupts } from './run-interrupt.ts';
import { preflight, type ReadyRun } from './run-preflight.ts';
import { writeShardRun } from './shard-run.ts';
import { RunCoverage } from './run-coverage.ts';

/** Names separated by commas, wrapped at `width` columns and indented by `indent` spaces, for a usage text. */
function wrapList(names: readonly string[], indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, name] of names.entries()) {
    const word = `${name}${i < names.length - 1 ? ',' : ''}`;
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}

export const RUN_USAGE = `Usage: flowcert run [paths...] [options]

Runs the features (Gherkin) against the embedded reference servers, then
writes the reports and prints a one-line summary.
A path is a feature file (optionally with :LINE), a folder or a glob.
Default path: features/

Options:
  --tags <expr>       only the scenarios matching this tag expression,
                      e.g. "@smoke and not @slow"
  --parallel <n>      run scenarios in n worker processes (default: 0, in-process);
                      more than the machine's cores is capped, with a warning
  --reports <dir>     where the reports go (default: reports)
  --no-allure         do not generate the Allure HTML report (allure-results
                      are still written; the previous run's report is removed);
                      the report needs Java 17+
  --timer <name=ms>   set a timer for every scenario, over what the features
                      say (repeatable), e.g. --timer delivering=200; the name
                      is one a model in scenarios/ declares or a role runs
  --profile <name>    read the models under this profile (a reading of GenEM
                      a model declares under profiles:, e.g. genem-table); the
                      reference servers act it out; a model that does not
                      declare it is read under its default. Recorded in each
                      trace, so \`flowcert check\` uses it too
  --sut <file>        who plays each part: a binding configuration (default:
                      flowcert.config.yaml in the run's folder, when present;
                      without one every participant is the reference)
  --shard <i/n>       run shard i of n: a stable, balanced share of the
                      selected scenarios (sorted by feature file and line, dealt
                      round the n shards), for n CI machines; the reports folder
                      gets flowcert-shard.json, and \`flowcert merge\` puts the
                      shards' reports back together. A shard with no scenario
                      (more shards than scenarios) runs nothing and exits 0
  --inject-fault <participant=fault>
                      make a reference Interaction Server that a selected
                      scenario starts misbehave, to see the harness catch it
                      (repeatable); faults (README, "Faults"):
${wrapList(FAULT_NAMES, 22, 80)}
  -h, --help          show this help

Reports (under the reports folder):
  cucumber-report.html, cucumber-junit.xml, cucumber-messages.ndjson,
  allure-results/, allure-report/index.html, and traces/<feature>/ with one
  trace (ndjson) and one sequence diagram (svg) per flow check per scenario.
  .flowcert-manifest.json lists what the run wrote; the next run removes
  those files and nothing else. Every option, the features and the
  configuration are checked first: a mistake changes nothing on disk.

Exit codes (the worst verdict wins: error, fail, inconc, pass):
  0  every scenario passed
  1  a scenario failed (the system under test did not conform), a step is
     undefined or pending, or no scenario ran
  2  usage or configuration error, nothing ran and nothing on disk changed
     (bad option, tag expression, fault or timer name, missing path, invalid
     feature file or binding configuration, step code that does not load, a
     file flowcert did not write where the run would write)
  3  nothing failed, but a scenario was inconclusive (e.g. the SUT declares no
     capability for a stimulus the scenario needs)
  4  a scenario ended in error: a participant would not start or died, or the
     setup broke
  130 interrupted (Ctrl-C, SIGTERM): the running scenario stops as interrupted,
     the rest are not run, the reports are written for what ran; a second
     Ctrl-C exits at once
  With --shard, the codes are the shard's; an empty shard exits 0.
`;

const VERDICT_EXIT = { pass: EXIT.ok, fail: EXIT.failed, inconc: EXIT.inconc, error: EXIT.error } as const;

/**
 * `flowcert run`: the main job. Checks everything it can before touching the disk (run-preflight.ts),
 * then replaces the previous run's reports — only the files its manifest lists (reports-folder.ts) —
 * runs every feature through cucumber with flowcert's configuration, generates the Allure report,
 * prints one summary line saying where the reports are.
 */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const ready = await preflight(args, io, RUN_USAGE);
  if (typeof ready === 'number') return ready;
  return executeRun(ready, io, 'flowcert run');
}

/** What a command built on `run` adds to it: more of cucumber's messages to read, and its own ending once the reports are written. */
export interface RunExtension {
  onMessage?: (e: object) => void;
  /** Called with the exit code `run` would give; returns the command's. Not called for a run that never started or was interrupted, or an empty shard. */
  finish?: (code: number, manifest: ReportsManifest) => Promise<number>;
  /** A shard's part of its flowcert-shard.json: the options the command adds that change what runs, and (certify) the certificate's inputs. */
  shard?: { command: 'certify'; options: Record<string, unknown>; part: () => Promise<CertifyPart> };
}

/** Claims the reports folder, runs, writes the reports, and ends with the run's exit code (or the extension's). */
export async function executeRun(ready: ReadyRun, io: CliIo, command: string, ext: RunExtension = {}): Promise<number> {
  const warn = (w: string) => io.stderr(`${command}: warning: ${w}\n`);
  ready.warnings.forEach(warn);
  // From here on Ctrl-C or SIGTERM interrupts the run rather than kill it (run-interrupt.ts); before, nothing was written.
  const interrupts = watchRunInterrupts(io);
  const started = new Date().toISOString();
  const manifest = await claimReportsFolder(ready.reports, ready.previous, io.cwd, warn);
  const collector = new RunSummaryCollector();
  const shard = ready.planned.shard;
  const endShard = async () =>
    shard &&
    writeShardRun({
      ready,
      manifest,
      command: ext.shard?.command ?? 'run',
      started,
      ...(interrupts.interruptedBy !== undefined ? { interruptedBy: interrupts.interruptedBy } : {}),
      results: collector.scenarios(),
      ...(ext.shard ? { options: ext.shard.options, certify: await ext.shard.part() } : {}),
      cwd: io.cwd,
    });
  try {
    if (shard && shard.mine.length === 0) {
      // More shards than scenarios: this machine has nothing to run. The suite ran elsewhere, so that is
      // no failure; the shard file tells merge the shard is complete rather than missing, and its empty
      // model coverage lets merge add up the others'.
      await new RunCoverage().write(ready.models, ready.reports.dir, (p) => p);
      const file = await endShard();
      const n = shard.suite.length;
      io.stdout(
        `${command}: shard ${shardName(shard.shard)} has no scenario: the suite selected ${n} scenario${n === 1 ? '' : 's'}, fewer than its ${shard.shard.total} shards, so nothing ran here\n` +
          `  not a failure (exit 0): ${file ? shortPath(io.cwd, file) : 'its shard file'} tells \`flowcert merge\` this shard is done\n`,
      );
      return EXIT.ok;
    }
    const code = await runAndReport(ready, manifest, io, interrupts, ext, collector);
    const final = !ext.finish || code === EXIT.usage || code === EXIT.interrupted ? code : await ext.finish(code, manifest);
    if (code !== EXIT.usage) await endShard();
    return final;
  } finally {
    try {
      // Whatever happened, the record of what this run wrote is complete: the next run removes exactly that.
      await manifest.finish();
    } finally {
      interrupts.close();
    }
  }
}

async function runAndReport(ready: ReadyRun, manifest: ReportsManifest, io: CliIo, interrupts: RunInterrupts, ext: RunExtension, collector: RunSummaryCollector): Promise<number> {
  const { paths: positionals, tags, parallel, worldParameters: world, reports: layout } = ready;
  const reportsDir = layout.dir;
  const shown = (p: string) => shortPath(io.cwd, p);
  const resultsDir = layout.allureResults;
  const coverage = new RunCoverage();

  const outcome = await runFeatures({
    cwd: io.cwd,
    paths: positionals,
    ...(tags !== undefined ? { tags } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
    reportsDir,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    onMessage: (e) => {
      collector.onMessage(e);
      coverage.onMessage(e);
      manifest.onMessage(e); // the run is over: record what it wrote
      ext.onMessage?.(e);
    },
    worldParameters: world,
  }, ready.planned);
  if (outcome.kind === 'config-error') {
    io.stderr(`flowcert run: ${outcome.message}\n`);
    return EXIT.usage;
  }
  if (outcome.kind === 'no-scenarios') {
    io.stderr(`flowcert run: ${outcome.message}\n`);
    return EXIT.failed;
  }

  const junitFile = layout.junit;
  await writeFile(junitFile, renderJUnit(collector.scenarios(), { suiteName: 'flowcert', timestamp: new Date().toISOString() }));
  const reports = [shown(join(reportsDir, 'cucumber-report.html')), shown(junitFile)];
  io.stdout((await coverage.write(ready.models, reportsDir, shown)).map((l) => `${l}\n`).join(''));
  // Where the scenarios' time went: waiting on the model, or the harness's own work (issue 13).
  const time = timeLine(collector.scenarios());
  if (time !== undefined) io.stdout(`${time}\n`);
  await applyVerdictsToAllure(resultsDir);
  if (layout.allure) {
    const reportDir = layout.allureReport;
    const allure = await generateAllureReport({ resultsDir, reportDir, env: io.env, displayReportDir: shown(reportDir), displayResultsDir: shown(resultsDir), signal: interrupts.signal });
    if (allure.kind === 'generated') reports.push(shown(join(reportDir, 'index.html')));
    else io.stdout(`${allure.message}\n`);
  }

  const counts = collector.counts();
  const shard = ready.planned.shard;
  io.stdout(`${summaryLine(counts, reports, interrupts.interruptedBy, shard ? shardName(shard.shard) : undefined)}\n`);
  // Interrupted, the run did not finish, whatever the scenarios that ran say.
  if (interrupts.interruptedBy !== undefined) return EXIT.interrupted;
  return runExitCode(counts);
}

/** The exit code of a run's results (of a shard's, or of merged shards'): the worst verdict's. */
export function runExitCode(counts: RunCounts): number {
  const verdict = runVerdict(counts);
  // An undefined step is a scenario that did not run as written: exit 1 like any other failure, as cucumber does.
  if (verdict === 'error' && (counts.scenarioStatus.error ?? 0) === 0 && counts.scenarios > 0) return EXIT.failed;
  return counts.scenarios === 0 ? EXIT.failed : VERDICT_EXIT[verdict];
}
