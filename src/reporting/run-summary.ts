/**
 * Counts a cucumber run from its message stream (the envelopes cucumber emits while it runs), so the
 * summary does not depend on any formatter's text. Only the fields used here are typed.
 */
interface Envelope {
  pickle?: { id: string; uri: string; name: string; steps: ReadonlyArray<{ id: string; text: string }> };
  testCase?: { id: string; pickleId: string; testSteps: ReadonlyArray<{ id: string; pickleStepId?: string }> };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepId: string; testStepResult: { status: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean };
  suggestion?: { pickleStepId: string; snippets: ReadonlyArray<{ code: string }> };
  testRunFinished?: { success: boolean };
}

export type Status = 'passed' | 'failed' | 'undefined' | 'ambiguous' | 'pending' | 'skipped' | 'unknown';

/** Worst first: a scenario takes the worst status of its steps and hooks. */
const ORDER: Status[] = ['failed', 'ambiguous', 'undefined', 'pending', 'skipped', 'unknown', 'passed'];

export interface UndefinedStep {
  text: string;
  uri: string;
  scenario: string;
  snippet?: string;
}

export interface RunCounts {
  scenarios: number;
  scenarioStatus: Partial<Record<Status, number>>;
  steps: number;
  stepStatus: Partial<Record<Status, number>>;
  undefinedSteps: UndefinedStep[];
}

export class RunSummaryCollector {
  private readonly pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  private readonly testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  private readonly started = new Map<string, string>();
  private readonly stepStatus = new Map<string, Map<string, Status>>();
  private readonly suggestions = new Map<string, string>();
  private readonly finished: string[] = [];

  /** Feed every envelope, in order (runCucumber's onMessage). */
  onMessage(e: Envelope): void {
    if (e.pickle) this.pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) this.testCases.set(e.testCase.id, e.testCase);
    else if (e.testCaseStarted) this.started.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
    else if (e.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = e.testStepFinished;
      let m = this.stepStatus.get(testCaseStartedId);
      if (!m) this.stepStatus.set(testCaseStartedId, (m = new Map()));
      m.set(testStepId, toStatus(testStepResult.status));
    } else if (e.suggestion) {
      const code = e.suggestion.snippets[0]?.code;
      if (code !== undefined) this.suggestions.set(e.suggestion.pickleStepId, code);
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) this.finished.push(e.testCaseFinished.testCaseStartedId);
  }

  /** Scenarios counted once (the last attempt of a retried one); steps are the Gherkin steps, hooks only count towards a scenario's status. */
  counts(): RunCounts {
    const out: RunCounts = { scenarios: 0, scenarioStatus: {}, steps: 0, stepStatus: {}, undefinedSteps: [] };
    for (const startedId of this.finished) {
      const tc = this.testCases.get(this.started.get(startedId) ?? '');
      if (!tc) continue;
      const pickle = this.pickles.get(tc.pickleId);
      const statuses = this.stepStatus.get(startedId) ?? new Map<string, Status>();
      let worst: Status = 'passed';
      for (const ts of tc.testSteps) {
        const s = statuses.get(ts.id) ?? 'unknown';
        if (ORDER.indexOf(s) < ORDER.indexOf(worst)) worst = s;
        if (ts.pickleStepId === undefined) continue;
        out.steps++;
        out.stepStatus[s] = (out.stepStatus[s] ?? 0) + 1;
        if (s === 'undefined') {
          const step = pickle?.steps.find((p) => p.id === ts.pickleStepId);
          const snippet = this.suggestions.get(ts.pickleStepId);
          out.undefinedSteps.push({ text: step?.text ?? '?', uri: pickle?.uri ?? '?', scenario: pickle?.name ?? '?', ...(snippet ? { snippet } : {}) });
        }
      }
      out.scenarios++;
      out.scenarioStatus[worst] = (out.scenarioStatus[worst] ?? 0) + 1;
    }
    return out;
  }
}

function toStatus(s: string): Status {
  const l = s.toLowerCase();
  return (ORDER as string[]).includes(l) ? (l as Status) : 'unknown';
}

export function allPassed(c: RunCounts): boolean {
  return c.scenarios > 0 && (c.scenarioStatus.passed ?? 0) === c.scenarios;
}

/** `flowcert: 12 scenarios (11 passed, 1 failed), 58 steps — reports: reports/cucumber-report.html, reports/allure-report/index.html` */
export function summaryLine(c: RunCounts, reports: string[]): string {
  const parts = (['passed', ...ORDER.filter((s) => s !== 'passed')] as Status[])
    .filter((s) => (c.scenarioStatus[s] ?? 0) > 0)
    .map((s) => `${c.scenarioStatus[s]} ${s}`);
  const scenarios = `${c.scenarios} scenario${c.scenarios === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  const steps = `${c.steps} step${c.steps === 1 ? '' : 's'}`;
  return `flowcert: ${scenarios}, ${steps}${reports.length ? ` — reports: ${reports.join(', ')}` : ''}`;
}
