import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { missingPaths, runFeatures } from '../cucumber/run-features.ts';
import { generateAllureReport } from '../reporting/allure-report.ts';
import { allPassed, RunSummaryCollector, summaryLine } from '../reporting/run-summary.ts';
import { FAULT_NAMES } from '../adapters/index.ts';
import { EXIT, parseCommandArgs, type CliIo } from './args.ts';
import { inputPath } from './paths.ts';

export const RUN_USAGE = `Usage: flowcert run [paths...] [options]

Runs the features (Gherkin) against the embedded reference servers, then
writes the reports and prints a one-line summary.
A path is a feature file (optionally with :LINE), a folder or a glob.
Default path: features/

Options:
  --tags <expr>       only the scenarios matching this tag expression,
                      e.g. "@smoke and not @slow"
  --parallel <n>      run scenarios in n worker processes (default: 0, in-process)
  --reports <dir>     where the reports go (default: reports)
  --no-allure         do not generate the Allure HTML report (allure-results
                      are still written); the report needs Java 17+
  --timer <name=ms>   set a timer for every scenario, over what the features
                      say (repeatable), e.g. --timer delivering=200
  --inject-fault <participant=fault>
                      make a reference server misbehave, to see the harness
                      catch it (repeatable); Interaction Server faults:
                      omitAgentInvited, routeUsedBeforeAccept, omitTicketId,
                      keepTimerAfterAccept, rejectedToAgent
  -h, --help          show this help

Reports (under the reports folder):
  cucumber-report.html, cucumber-junit.xml, cucumber-messages.ndjson,
  allure-results/, allure-report/index.html, and traces/<feature>/ with one
  trace (ndjson) and one sequence diagram (svg) per flow check per scenario

Exit codes:
  0  every scenario passed
  1  a scenario failed, was undefined or pending, or no scenario ran
  2  usage or configuration error (bad option, missing path, invalid feature
     file, step code that does not load)
`;

/**
 * `flowcert run`: the main job. Cleans the previous run's allure-results and traces, runs every
 * feature through cucumber with flowcert's configuration, generates the Allure report, prints one
 * summary line saying where the reports are.
 */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('flowcert run', args, {
    tags: { type: 'string' },
    parallel: { type: 'string' },
    reports: { type: 'string' },
    'no-allure': { type: 'boolean' },
    timer: { type: 'string', multiple: true },
    'inject-fault': { type: 'string', multiple: true },
  });
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RUN_USAGE);
    return EXIT.ok;
  }

  let parallel: number | undefined;
  if (typeof values.parallel === 'string') {
    if (!/^\d+$/.test(values.parallel)) {
      io.stderr(`flowcert run: --parallel takes a whole number of worker processes (0 runs in-process), got ${values.parallel}\n`);
      return EXIT.usage;
    }
    parallel = Number(values.parallel);
  }
  const tags = typeof values.tags === 'string' ? values.tags : undefined;
  if (tags !== undefined && tags.trim() === '') {
    io.stderr('flowcert run: --tags needs a tag expression, e.g. --tags "@smoke and not @slow"\n');
    return EXIT.usage;
  }
  const world = worldParameters((values.timer as string[] | undefined) ?? [], (values['inject-fault'] as string[] | undefined) ?? []);
  if (typeof world === 'string') {
    io.stderr(`flowcert run: ${world}\n`);
    return EXIT.usage;
  }
  const missing = missingPaths(io.cwd, positionals);
  if (missing.length > 0) {
    io.stderr(missing.map((p) => `flowcert run: no such feature file or folder: ${p}\n`).join(''));
    return EXIT.usage;
  }
  if (positionals.length === 0 && missingPaths(io.cwd, ['features']).length > 0) {
    io.stderr(`flowcert run: no features/ folder in ${io.cwd}\n  give the feature files or folders to run: flowcert run [paths...]\n`);
    return EXIT.usage;
  }

  const reportsDir = inputPath(io.cwd, typeof values.reports === 'string' ? values.reports : 'reports');
  const shown = (p: string) => shortPath(io.cwd, p);
  const resultsDir = join(reportsDir, 'allure-results');
  // Results of an earlier run would show up in this run's Allure report; stale traces would look current.
  await rm(resultsDir, { recursive: true, force: true });
  await rm(join(reportsDir, 'traces'), { recursive: true, force: true });

  const collector = new RunSummaryCollector();
  const outcome = await runFeatures({
    cwd: io.cwd,
    paths: positionals,
    ...(tags !== undefined ? { tags } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
    reportsDir,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    onMessage: (e) => collector.onMessage(e),
    worldParameters: world,
  });
  if (outcome.kind === 'config-error') {
    io.stderr(`flowcert run: ${outcome.message}\n`);
    return EXIT.usage;
  }
  if (outcome.kind === 'no-scenarios') {
    io.stderr(`flowcert run: ${outcome.message}\n`);
    return EXIT.failed;
  }

  const reports = [shown(join(reportsDir, 'cucumber-report.html'))];
  if (!values['no-allure']) {
    const reportDir = join(reportsDir, 'allure-report');
    const allure = await generateAllureReport({ resultsDir, reportDir, env: io.env, displayReportDir: shown(reportDir) });
    if (allure.kind === 'generated') reports.push(shown(join(reportDir, 'index.html')));
    else io.stdout(`${allure.message}\n`);
  }

  const counts = collector.counts();
  io.stdout(`${summaryLine(counts, reports)}\n`);
  return outcome.success && allPassed(counts) ? EXIT.ok : EXIT.failed;
}

/** `--timer delivering=200 --inject-fault IS1=omitTicketId` → world parameters, or what is wrong with them. */
function worldParameters(timerArgs: string[], faultArgs: string[]): Record<string, unknown> | string {
  const timers: Record<string, number> = {};
  for (const t of timerArgs) {
    const m = /^([A-Za-z][\w-]*)=(\d+(?:\.\d+)?)$/.exec(t);
    if (!m || Number(m[2]) <= 0) return `--timer ${t}: expected name=ms with a positive number of milliseconds, e.g. --timer delivering=200`;
    timers[m[1]] = Number(m[2]);
  }
  const faults: Record<string, string[]> = {};
  for (const f of faultArgs) {
    const i = f.lastIndexOf('=');
    const [who, fault] = i > 0 ? [f.slice(0, i), f.slice(i + 1)] : ['', f];
    if (!who) return `--inject-fault ${f}: expected participant=fault, e.g. --inject-fault IS1=omitTicketId`;
    if (!(FAULT_NAMES as readonly string[]).includes(fault)) return `--inject-fault ${f}: no fault "${fault}" (faults: ${FAULT_NAMES.join(', ')})`;
    (faults[who] ??= []).push(fault);
  }
  return { ...(timerArgs.length ? { timers } : {}), ...(faultArgs.length ? { faults } : {}) };
}

/** A path under the run's folder as the user would type it; anything else absolute. */
function shortPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
}
