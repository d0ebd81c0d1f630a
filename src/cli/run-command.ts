import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { missingPaths, runFeatures } from '../cucumber/run-features.ts';
import { generateAllureReport } from '../reporting/allure-report.ts';
import { applyVerdictsToAllure } from '../reporting/allure-verdicts.ts';
import { renderJUnit } from '../reporting/junit-report.ts';
import { RunSummaryCollector, runVerdict, summaryLine } from '../reporting/run-summary.ts';
import { EXIT, parseCommandArgs, type CliIo } from './args.ts';
import { inputPath } from './paths.ts';
import { parseFaultArgs, parseTimerArgs } from './run-options.ts';
import { watchRunInterrupts, type RunInterrupts } from './run-interrupt.ts';
import { DEFAULT_CONFIG_FILE, loadBindings } from '../session/binding-config.ts';
import type { Bindings } from '../session/binding-config.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';

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
  --sut <file>        who plays each part: a binding configuration (default:
                      flowcert.config.yaml in the run's folder, when present;
                      without one every participant is the reference)
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

Exit codes (the worst verdict wins: error, fail, inconc, pass):
  0  every scenario passed
  1  a scenario failed (the system under test did not conform), a step is
     undefined or pending, or no scenario ran
  2  usage or configuration error (bad option, missing path, invalid feature
     file or binding configuration, step code that does not load)
  3  nothing failed, but a scenario was inconclusive (e.g. the SUT declares no
     capability for a stimulus the scenario needs)
  4  a scenario ended in error: a participant would not start or died, or the
     setup broke
  130 interrupted (Ctrl-C, SIGTERM): the running scenario stops as interrupted,
     the rest are not run, the reports are written for what ran; a second
     Ctrl-C exits at once
`;

const VERDICT_EXIT = { pass: EXIT.ok, fail: EXIT.failed, inconc: EXIT.inconc, error: EXIT.error } as const;

/**
 * `flowcert run`: the main job. Cleans the previous run's allure-results and traces, runs every
 * feature through cucumber with flowcert's configuration, generates the Allure report, prints one
 * summary line saying where the reports are.
 */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  // Ctrl-C or SIGTERM from here on interrupts the run rather than kill it (src/cli/run-interrupt.ts).
  const interrupts = watchRunInterrupts(io);
  try {
    return await runWatched(args, io, interrupts);
  } finally {
    interrupts.close();
  }
}

async function runWatched(args: string[], io: CliIo, interrupts: RunInterrupts): Promise<number> {
  const parsed = parseCommandArgs('flowcert run', args, {
    tags: { type: 'string' },
    parallel: { type: 'string' },
    reports: { type: 'string' },
    'no-allure': { type: 'boolean' },
    timer: { type: 'string', multiple: true },
    'inject-fault': { type: 'string', multiple: true },
    sut: { type: 'string' },
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
  const timers = parseTimerArgs((values.timer as string[] | undefined) ?? []);
  if (typeof timers === 'string') return usageError(io, timers);
  const faults = parseFaultArgs((values['inject-fault'] as string[] | undefined) ?? []);
  if (typeof faults === 'string') return usageError(io, faults);
  const configFile = typeof values.sut === 'string' ? values.sut : existsSync(join(io.cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined;
  let bindings: Bindings | undefined;
  if (configFile !== undefined) {
    const loaded = await loadBindings(configFile, io.env, io.cwd);
    for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    if (!loaded.bindings) {
      const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr(`flowcert run: ${configFile} has ${n} error${n === 1 ? '' : 's'}; nothing ran\n`);
      return EXIT.usage;
    }
    bindings = loaded.bindings;
  }
  const world: Record<string, unknown> = {
    ...(Object.keys(timers).length ? { timers } : {}),
    ...(Object.keys(faults).length ? { faults } : {}),
    ...(bindings ? { bindings } : {}),
  };
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

  const junitFile = join(reportsDir, 'cucumber-junit.xml');
  await writeFile(junitFile, renderJUnit(collector.scenarios(), { suiteName: 'flowcert', timestamp: new Date().toISOString() }));
  const reports = [shown(join(reportsDir, 'cucumber-report.html')), shown(junitFile)];
  await applyVerdictsToAllure(resultsDir);
  if (!values['no-allure']) {
    const reportDir = join(reportsDir, 'allure-report');
    const allure = await generateAllureReport({ resultsDir, reportDir, env: io.env, displayReportDir: shown(reportDir), displayResultsDir: shown(resultsDir), signal: interrupts.signal });
    if (allure.kind === 'generated') reports.push(shown(join(reportDir, 'index.html')));
    else io.stdout(`${allure.message}\n`);
  }

  const counts = collector.counts();
  io.stdout(`${summaryLine(counts, reports, interrupts.interruptedBy)}\n`);
  // Interrupted, the run did not finish, whatever the scenarios that ran say.
  if (interrupts.interruptedBy !== undefined) return EXIT.interrupted;
  const verdict = runVerdict(counts);
  // An undefined step is a scenario that did not run as written: exit 1 like any other failure, as cucumber does.
  if (verdict === 'error' && (counts.scenarioStatus.error ?? 0) === 0 && counts.scenarios > 0) return EXIT.failed;
  return counts.scenarios === 0 ? EXIT.failed : VERDICT_EXIT[verdict];
}

/** A path under the run's folder as the user would type it; anything else absolute. */
function shortPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`flowcert run: ${message}\n`);
  return EXIT.usage;
}
