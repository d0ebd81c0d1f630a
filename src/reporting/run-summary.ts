import { readVerdict, VERDICT_MEDIA_TYPE } from './verdict-attachment.ts';
import type { Verdict, VerdictRecord } from './verdict-attachment.ts';

/**
 * Collects a cucumber run from its message stream (the envelopes cucumber emits while it runs): each
 * scenario with its verdict — pass, fail, inconc, error, as the scenario's verdict attachment says —
 * its steps and its reason. The summary line and the JUnit report are drawn from this data, never from
 * a formatter's text. Only the fields used here are typed.
 */
interface Envelope {
  gherkinDocument?: { uri?: string; feature?: { name: string } };
  pickle?: { id: string; uri: string; name: string; location?: { line: number }; steps: ReadonlyArray<{ id: string; text: string }> };
  testCase?: { id: string; pickleId: string; testSteps: ReadonlyArray<{ id: string; pickleStepId?: string }> };
  testCaseStarted?: { id: string; testCaseId: string; timestamp?: { seconds: number; nanos: number } };
  testStepFinished?: { testCaseStartedId: string; testStepId: string; testStepResult: { status: string; message?: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean; timestamp?: { seconds: number; nanos: number } };
  attachment?: { testCaseStartedId?: string; mediaType: string; body: string };
  suggestion?: { pickleStepId: string; snippets: ReadonlyArray<{ code: string }> };
  testRunFinished?: { success: boolean };
}

export type Status = 'passed' | 'failed' | 'undefined' | 'ambiguous' | 'pending' | 'skipped' | 'unknown';

/** Worst first: a scenario takes the worst status of its steps and hooks. */
const ORDER: Status[] = ['failed', 'ambiguous', 'undefined', 'pending', 'skipped', 'unknown', 'passed'];

/**
 * How a scenario counts in the summary: its verdict, or what cucumber says when it never got one (an
 * undefined step); `interrupted` — the run was interrupted (Ctrl-C, SIGTERM) while it ran, `not-run` —
 * before it started.
 */
export type Outcome = 'passed' | 'failed' | 'inconc' | 'error' | 'undefined' | 'ambiguous' | 'pending' | 'skipped' | 'interrupted' | 'not-run';

/** The order outcomes are listed in the summary line (not-run is said apart: "3 of 9 scenarios ran"). */
const OUTCOMES: Outcome[] = ['passed', 'failed', 'inconc', 'error', 'undefined', 'ambiguous', 'pending', 'skipped', 'interrupted'];

export interface UndefinedStep {
  text: string;
  uri: string;
  scenario: string;
  snippet?: string;
}

export interface ScenarioResult {
  uri: string;
  feature: string;
  name: string;
  line?: number;
  outcome: Outcome;
  /** Why it did not pass, in the step's words. */
  reason?: string;
  durationMs: number;
  /** Of durationMs, the time spent waiting on what the model requires (timers, messages, never windows); the rest is the harness's work. */
  waitedMs?: number;
  steps: { text: string; status: Status }[];
}

export interface RunCounts {
  scenarios: number;
  scenarioStatus: Partial<Record<Outcome, number>>;
  steps: number;
  stepStatus: Partial<Record<Status, number>>;
  undefinedSteps: UndefinedStep[];
}

const VERDICT_OUTCOME: Record<Verdict, Outcome> = { pass: 'passed', fail: 'failed', inconc: 'inconc', error: 'error' };

export class RunSummaryCollector {
  private readonly features = new Map<string, string>();
  private readonly pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  private readonly testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  private readonly started = new Map<string, { testCaseId: string; at: number }>();
  private readonly stepResults = new Map<string, Map<string, { status: Status; message?: string }>>();
  private readonly verdicts = new Map<string, VerdictRecord>();
  private readonly suggestions = new Map<string, string>();
  private readonly finished: { id: string; at: number }[] = [];

  /** Feed every envelope, in order (runCucumber's onMessage). */
  onMessage(e: Envelope): void {
    if (e.gherkinDocument?.uri && e.gherkinDocument.feature) this.features.set(e.gherkinDocument.uri, e.gherkinDocument.feature.name);
    else if (e.pickle) this.pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) this.testCases.set(e.testCase.id, e.testCase);
    else if (e.testCaseStarted) this.started.set(e.testCaseStarted.id, { testCaseId: e.testCaseStarted.testCaseId, at: millis(e.testCaseStarted.timestamp) });
    else if (e.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = e.testStepFinished;
      let m = this.stepResults.get(testCaseStartedId);
      if (!m) this.stepResults.set(testCaseStartedId, (m = new Map()));
      m.set(testStepId, { status: toStatus(testStepResult.status), ...(testStepResult.message ? { message: testStepResult.message } : {}) });
    } else if (e.attachment?.mediaType === VERDICT_MEDIA_TYPE && e.attachment.testCaseStartedId) {
      const v = readVerdict(e.attachment.body);
      if (v) this.verdicts.set(e.attachment.testCaseStartedId, v);
    } else if (e.suggestion) {
      const code = e.suggestion.snippets[0]?.code;
      if (code !== undefined) this.suggestions.set(e.suggestion.pickleStepId, code);
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) this.finished.push({ id: e.testCaseFinished.testCaseStartedId, at: millis(e.testCaseFinished.timestamp) });
  }

  /** Every scenario that finished, once (the last attempt of a retried one), in finishing order. */
  scenarios(): ScenarioResult[] {
    const out: ScenarioResult[] = [];
    for (const f of this.finished) {
      const started = this.started.get(f.id);
      const tc = this.testCases.get(started?.testCaseId ?? '');
      if (!started || !tc) continue;
      const pickle = this.pickles.get(tc.pickleId);
      const results = this.stepResults.get(f.id) ?? new Map<string, { status: Status; message?: string }>();
      let worst: Status = 'passed';
      let message: string | undefined;
      const steps: ScenarioResult['steps'] = [];
      for (const ts of tc.testSteps) {
        const r = results.get(ts.id) ?? { status: 'unknown' as Status };
        if (ORDER.indexOf(r.status) < ORDER.indexOf(worst)) {
          worst = r.status;
          message = r.message;
        }
        if (ts.pickleStepId !== undefined) steps.push({ text: pickle?.steps.find((p) => p.id === ts.pickleStepId)?.text ?? '?', status: r.status });
      }
      const verdict = this.verdicts.get(f.id);
      const outcome = outcomeOf(verdict, worst);
      const reason = verdict?.reason ?? message;
      const uri = pickle?.uri ?? '?';
      out.push({
        uri,
        feature: this.features.get(uri) ?? uri,
        name: pickle?.name ?? '?',
        ...(pickle?.location ? { line: pickle.location.line } : {}),
        outcome,
        ...(reason !== undefined && outcome !== 'passed' ? { reason } : {}),
        durationMs: Math.max(0, f.at - started.at),
        ...(verdict?.waitedMs !== undefined ? { waitedMs: verdict.waitedMs } : {}),
        steps,
      });
    }
    return out;
  }

  /**
   * Scenarios by outcome; steps are the Gherkin steps, hooks only count towards a scenario's outcome.
   * The steps of a scenario that never ran (the run was interrupted first) are not counted.
   */
  counts(): RunCounts {
    const out = countResults(this.scenarios());
    for (const f of this.finished) {
      const tc = this.testCases.get(this.started.get(f.id)?.testCaseId ?? '');
      const pickle = tc ? this.pickles.get(tc.pickleId) : undefined;
      for (const ts of tc?.testSteps ?? []) {
        if (ts.pickleStepId === undefined || this.stepResults.get(f.id)?.get(ts.id)?.status !== 'undefined') continue;
        const snippet = this.suggestions.get(ts.pickleStepId);
        out.undefinedSteps.push({ text: pickle?.steps.find((p) => p.id === ts.pickleStepId)?.text ?? '?', uri: pickle?.uri ?? '?', scenario: pickle?.name ?? '?', ...(snippet ? { snippet } : {}) });
      }
    }
    return out;
  }
}

/**
 * Scenarios by outcome and their Gherkin steps by status, from results alone (`flowcert merge` has the
 * shards' results, not their messages): the undefined steps' snippets are the collector's to add.
 */
export function countResults(results: readonly ScenarioResult[]): RunCounts {
  const out: RunCounts = { scenarios: 0, scenarioStatus: {}, steps: 0, stepStatus: {}, undefinedSteps: [] };
  for (const s of results) {
    out.scenarios++;
    out.scenarioStatus[s.outcome] = (out.scenarioStatus[s.outcome] ?? 0) + 1;
    if (s.outcome === 'not-run') continue;
    for (const st of s.steps) {
      out.steps++;
      out.stepStatus[st.status] = (out.stepStatus[st.status] ?? 0) + 1;
    }
  }
  return out;
}

/**
 * The scenario's verdict, unless cucumber knows worse: a step that is undefined, ambiguous or pending
 * never ran as written, and a hook that failed after the verdict was filed broke the harness. An
 * interrupted run says first what ran: a scenario it cut short is interrupted, one it never began not run.
 */
function outcomeOf(record: VerdictRecord | undefined, worst: Status): Outcome {
  if (record?.interrupted === 'running') return 'interrupted';
  if (record?.interrupted === 'not-started') return 'not-run';
  const verdict = record?.verdict;
  if (worst === 'undefined' || worst === 'ambiguous' || worst === 'pending') return worst;
  if (verdict === undefined) return worst === 'passed' ? 'passed' : worst === 'skipped' ? 'skipped' : 'error';
  if (verdict === 'pass' && worst === 'failed') return 'error';
  return VERDICT_OUTCOME[verdict];
}

function toStatus(s: string): Status {
  const l = s.toLowerCase();
  return (ORDER as string[]).includes(l) ? (l as Status) : 'unknown';
}

function millis(t: { seconds: number; nanos: number } | undefined): number {
  return t ? t.seconds * 1000 + t.nanos / 1e6 : 0;
}

export function allPassed(c: RunCounts): boolean {
  return c.scenarios > 0 && (c.scenarioStatus.passed ?? 0) === c.scenarios;
}

/**
 * The run's verdict, worst wins (TTCN-3: error over fail over inconc over pass): what the exit code
 * says. An undefined, ambiguous or pending step is a scenario that did not run as written: error.
 */
export function runVerdict(c: RunCounts): Verdict {
  const n = (o: Outcome) => c.scenarioStatus[o] ?? 0;
  if (n('error') + n('undefined') + n('ambiguous') + n('pending') > 0) return 'error';
  if (n('failed') > 0) return 'fail';
  if (n('inconc') > 0 || n('skipped') > 0 || n('interrupted') > 0 || n('not-run') > 0) return 'inconc';
  return c.scenarios > 0 ? 'pass' : 'error';
}

/**
 * `flowcert: 12 scenarios (10 passed, 1 failed, 1 inconc), 58 steps — reports: reports/cucumber-report.html, …`;
 * for a run interrupted by a signal (`interruptedBy`), first that, and how many of the scenarios ran:
 * `flowcert: interrupted by SIGINT — 3 of 9 scenarios ran (2 passed, 1 interrupted), 27 steps — reports: …`;
 * for one shard of a suite (`shard`: `2/3`), which: `flowcert: shard 2/3 — 3 scenarios (…), …`.
 */
/**
 * Where the scenarios' time went: the median, over the scenarios that say how long they waited, of the
 * time spent waiting on what the model requires and of the rest — the harness's own work (starting
 * participants, stimuli, matching, reports). Undefined when no scenario says.
 */
export function timeLine(results: readonly ScenarioResult[]): string | undefined {
  const timed = results.filter((r) => r.waitedMs !== undefined && r.outcome !== 'not-run');
  if (timed.length === 0) return undefined;
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const waited = timed.map((r) => Math.min(r.waitedMs!, r.durationMs));
  const work = timed.map((r, i) => r.durationMs - waited[i]);
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / 1000;
  return `scenario time: per scenario (median of ${timed.length}) ${Math.round(median(waited))} ms waiting on the model, ${Math.round(median(work))} ms harness work; in all ${total(waited).toFixed(1)} s waiting, ${total(work).toFixed(1)} s work`;
}

export function summaryLine(c: RunCounts, reports: string[], interruptedBy?: string, shard?: string): string {
  const parts = OUTCOMES.filter((s) => (c.scenarioStatus[s] ?? 0) > 0).map((s) => `${c.scenarioStatus[s]} ${s}`);
  const plural = c.scenarios === 1 ? '' : 's';
  const ran = c.scenarios - (c.scenarioStatus['not-run'] ?? 0);
  const head = interruptedBy === undefined ? `${c.scenarios} scenario${plural}` : `interrupted by ${interruptedBy} — ${ran} of ${c.scenarios} scenario${plural} ran`;
  const scenarios = `${head}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  const steps = `${c.steps} step${c.steps === 1 ? '' : 's'}`;
  return `flowcert: ${shard !== undefined ? `shard ${shard} — ` : ''}${scenarios}, ${steps}${reports.length ? ` — reports: ${reports.join(', ')}` : ''}`;
}
