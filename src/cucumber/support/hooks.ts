// allure-cucumberjs first: its API records nothing until this import has installed its runtime.
import 'allure-cucumberjs';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readTrace } from '../../trace/reader.ts';
import type { Trace } from '../../trace/types.ts';
import { After, AfterAll, AfterStep, Before, BeforeStep, Status as TestStepResultStatus, setDefaultTimeout, type ITestCaseHookParameter } from '@cucumber/cucumber';
import { SetupError } from '../../session/scenario-error.ts';
import { closeBrowserResources, Session } from '../../session/session.ts';
import { VERDICT_MEDIA_TYPE } from '../../reporting/verdict-attachment.ts';
import { COVERAGE_MEDIA_TYPE, coverageRecord, type CoverageRecord } from '../../reporting/model-coverage.ts';
import { SCENARIO_RECORD_MEDIA_TYPE, scenarioRecord } from '../../reporting/scenario-record.ts';
import type { RecordInput } from '../../reporting/scenario-record.ts';
import { runInterruption } from '../run-interruption.ts';
import { MAX_ATTACHED_TRACE_CHARS, scenarioAttachments } from '../scenario-attachments.ts';
import { scenarioFiles } from '../scenario-files.ts';
import { World } from './world.ts';

type Pickle = ITestCaseHookParameter['pickle'];
type GherkinDocument = ITestCaseHookParameter['gherkinDocument'];

/**
 * Cucumber's 5 s default is shorter than the timers the models wait for (the delivering timeout is
 * 30 s unless the run shortens it). A step that hangs still fails, after a minute.
 */
setDefaultTimeout(60_000);

Before({ name: 'flowcert: start the scenario session' }, async function (this: World, { pickle, gherkinDocument }) {
  const stoppedBy = runInterruption.reason;
  if (stoppedBy !== undefined) {
    // The run was interrupted before this scenario began: it is skipped at once, and says why.
    this.notStarted(stoppedBy);
    await this.attach(JSON.stringify(this.outcome), { mediaType: VERDICT_MEDIA_TYPE });
    return 'skipped';
  }
  const line = scenarioLine(pickle, gherkinDocument);
  const reportsDir = this.parameters.reportsDir ?? 'reports';
  const files = scenarioFiles(reportsDir, pickle.uri, pickle.name, line);
  const tags = pickle.tags.map((t) => t.name);
  const replay = await recordedRun(this, reportsDir, files.trace);
  const session = Session.create({
    name: pickle.name,
    traceFile: replay ? null : files.trace,
    ...(replay ? { replay } : {}),
    ...(this.parameters.timers ? { timers: this.parameters.timers } : {}),
    ...(this.parameters.fastTimers ? { fastTimers: this.parameters.fastTimers } : {}),
    ...(this.parameters.faults ? { faults: this.parameters.faults } : {}),
    ...(this.parameters.profile !== undefined ? { profile: this.parameters.profile } : {}),
    ...(this.parameters.bindings ? { bindings: this.parameters.bindings } : {}),
    meta: { feature: pickle.uri, line, tags },
    interrupt: runInterruption.signal,
  });
  runInterruption.track(session);
  this.bind(session, { name: pickle.name, uri: pickle.uri, line, tags, traceFile: files.trace });
});

BeforeStep(function (this: World, { pickle, pickleStep, gherkinDocument }) {
  const line = stepLine(pickleStep.astNodeIds[0], gherkinDocument) ?? scenarioLine(pickle, gherkinDocument);
  this.enterStep({ uri: pickle.uri, line, text: pickleStep.text });
});

/**
 * The trace and the diagrams are attached to the scenario's last step that ran (the last one, or the one
 * that failed): there a reader of the html report sees them beside the failure, and Allure shows them in
 * the test body rather than in its tear-down. The After hook covers scenarios whose steps never ran.
 */
AfterStep(async function (this: World, { pickle, pickleStep, result, gherkinDocument }) {
  // A browser's screenshots of this step (each agent action, each status read) go on this step, in both reports.
  const shots = this.boundSession?.stepAttachments.splice(0) ?? [];
  for (const a of shots) await this.attach(Buffer.from(a.data), { mediaType: a.mediaType, fileName: a.name });
  // A failure the step wrapper never saw (cucumber's own step timeout) is the harness's or the SUT's silence: error.
  if (result.status === TestStepResultStatus.FAILED && !this.outcome) this.decide('error', result.message ?? 'the step failed');
  const last = pickle.steps[pickle.steps.length - 1];
  if (result.status === TestStepResultStatus.PASSED && pickleStep.id !== last?.id) return;
  await report(this, pickle, gherkinDocument);
});

// One Chromium per worker, reused by its scenarios (a fresh context each): closed once they are all done.
AfterAll(async function () {
  await closeBrowserResources();
});

After({ name: 'flowcert: stop the participants' }, async function (this: World, { pickle, gherkinDocument }) {
  await report(this, pickle, gherkinDocument);
});

async function report(world: World, pickle: Pickle, gherkinDocument: GherkinDocument): Promise<void> {
  const session = world.boundSession;
  if (!session || !world.claimReport()) return;
  // Interrupted while it ran, and no step noticed (one that did not wait): interrupted all the same.
  if (session.interruption !== undefined) world.interrupted(session.interruption);
  // A participant that broke on its own after the last step still decides the scenario: error.
  const broke = session.failures.length > 0 && !world.outcome ? session.failures.join('\n') : undefined;
  if (broke) world.decide('error', broke);
  // Who claimed what, read before dispose stops them (certificates list a SUT's claims).
  const capabilities = Object.fromEntries(session.participants().filter((p) => !p.isReference).map((p) => [p.name, [...p.adapter.capabilities]]));
  let record: Omit<RecordInput, 'verdict' | 'reason'> | undefined;
  let coverage: CoverageRecord | undefined;
  try {
    const trace = await session.dispose();
    coverage = coverageRecord(session.checks, trace);
    for (const a of session.artifacts) await world.attach(a.body(), { mediaType: a.mediaType, fileName: a.name });
    const files = scenarioFiles(world.parameters.reportsDir ?? 'reports', pickle.uri, pickle.name, scenarioLine(pickle, gherkinDocument));
    let traceText: string | { tooLarge: number } | undefined;
    if (session.traceFile) {
      try {
        // A flooded scenario's trace can be tens of MB: reports then point at the file rather than hold it twice in memory.
        const size = statSync(session.traceFile).size;
        traceText = size > MAX_ATTACHED_TRACE_CHARS ? { tooLarge: size } : readFileSync(session.traceFile, 'utf8');
      } catch {
        // The recorder keeps the trace in memory when its file failed; attach that instead.
      }
    }
    // Synchronous, like the trace's own file: each awaited call to the thread pool was a hand-over inside the scenario's time.
    mkdirSync(files.dir, { recursive: true });
    const attachments = scenarioAttachments(files.stem, trace, session.checks, traceText);
    const diagrams = attachments.filter((a) => a.mediaType === 'image/svg+xml').map((a) => a.fileName);
    record = {
      uri: pickle.uri,
      name: pickle.name,
      line: scenarioLine(pickle, gherkinDocument),
      trace,
      ...(session.traceFile ? { traceFile: session.traceFile } : {}),
      capabilities,
      checks: session.checks.map((c, i) => ({ result: c.result, variant: c.variant, ...(diagrams[i] ? { diagram: join(files.dir, diagrams[i]) } : {}), ...(c.origin ? { origin: c.origin } : {}) })),
    };
    for (const a of attachments) {
      // Images go base64 (a Buffer): cucumber's html report shows only those inline.
      const options = { mediaType: a.mediaType, fileName: a.fileName };
      if (a.mediaType.startsWith('image/')) await world.attach(Buffer.from(a.body, 'utf8'), options);
      else await world.attach(a.body, options);
      // Diagrams also beside the trace, for a reader without the html report.
      if (a.mediaType === 'image/svg+xml') writeFileSync(join(files.dir, a.fileName), a.body);
    }
  } catch (err) {
    // The report could not be written whole: the harness broke, whatever the flow did.
    world.decide('error', `writing the scenario's report failed: ${(err as Error).message}`);
    throw err;
  } finally {
    runInterruption.untrack(session);
    // What the scenario exercised of the models and the catalog: the run's model coverage adds these up.
    if (coverage) await world.attach(JSON.stringify(coverage), { mediaType: COVERAGE_MEDIA_TYPE });
    // Last, so it carries every decision above; the run summary and JUnit read it.
    const outcome = world.outcome ?? { verdict: 'pass' as const };
    await world.attach(JSON.stringify({ ...outcome, waitedMs: Math.round(session.waitedMs * 10) / 10 }), { mediaType: VERDICT_MEDIA_TYPE });
    if (world.parameters.records && record) {
      const r = scenarioRecord({ ...record, verdict: outcome.verdict, ...('reason' in outcome && outcome.reason ? { reason: outcome.reason } : {}), ...('seqs' in outcome && outcome.seqs ? { seqs: outcome.seqs } : {}) });
      await world.attach(JSON.stringify(r), { mediaType: SCENARIO_RECORD_MEDIA_TYPE });
    }
  }
  if (broke) throw new SetupError(broke);
}

/**
 * Under a replay binding, the scenario's recorded trace: the same path under the replay folder as a
 * run writes it under reports/traces. A scenario with no recording ends in error, saying where it looked.
 */
async function recordedRun(world: World, reportsDir: string, traceFile: string): Promise<Trace | undefined> {
  const b = world.parameters.bindings;
  if (b?.default?.kind !== 'replay') return undefined;
  const file = join(resolve(b.dir, b.default.traces), relative(join(reportsDir, 'traces'), traceFile));
  const read = await readTrace(file);
  if (!read.trace) throw new SetupError(`no recorded run to replay for this scenario: ${read.diagnostics.map((d) => d.message).join('; ')} (replay binding of ${b.file ?? 'the configuration'})`);
  return read.trace;
}

/** The scenario's line; for an example row of an outline, the row's line, so every example has its own files. */
export function scenarioLine(pickle: Pickle, doc: GherkinDocument): number {
  const ids = pickle.astNodeIds;
  const lines = new Map<string, number>();
  const visit = (children: ReadonlyArray<{ scenario?: { id: string; location: { line: number }; examples: ReadonlyArray<{ tableBody: ReadonlyArray<{ id: string; location: { line: number } }> }> }; rule?: { children: ReadonlyArray<unknown> } }>) => {
    for (const c of children) {
      if (c.scenario) {
        lines.set(c.scenario.id, c.scenario.location.line);
        for (const ex of c.scenario.examples) for (const row of ex.tableBody) lines.set(row.id, row.location.line);
      }
      if (c.rule) visit(c.rule.children as typeof children);
    }
  };
  visit(doc.feature?.children ?? []);
  for (let i = ids.length - 1; i >= 0; i--) {
    const line = lines.get(ids[i]);
    if (line !== undefined) return line;
  }
  return pickle.location?.line ?? 0;
}

/** The line of a Gherkin step (in a Background, a Scenario or a Rule), by its AST id. */
export function stepLine(astId: string | undefined, doc: GherkinDocument): number | undefined {
  if (astId === undefined) return undefined;
  type Steps = { steps: ReadonlyArray<{ id: string; location: { line: number } }> };
  type Child = { background?: Steps; scenario?: Steps; rule?: { children: ReadonlyArray<Child> } };
  const find = (children: ReadonlyArray<Child>): number | undefined => {
    for (const c of children) {
      for (const holder of [c.background, c.scenario]) {
        const hit = holder?.steps.find((s) => s.id === astId);
        if (hit) return hit.location.line;
      }
      const inRule = c.rule ? find(c.rule.children) : undefined;
      if (inRule !== undefined) return inRule;
    }
    return undefined;
  };
  return find((doc.feature?.children ?? []) as ReadonlyArray<Child>);
}
