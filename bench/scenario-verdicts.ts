// Scenario verdicts of a `flowcert run`, read back from the Cucumber messages it wrote
// (reports/cucumber-messages.ndjson) through the collector its summary line and JUnit XML are drawn
// from: pass, fail, inconc or error, each with its whole reason.
import { readFileSync } from 'node:fs';
import { RunSummaryCollector, type Outcome } from '../src/reporting/run-summary.ts';

export type Verdict = 'pass' | 'fail' | 'inconc' | 'error';

export interface ScenarioVerdict {
  name: string;
  verdict: Verdict;
  /** The reason's first line: for a flow check the explanation's header, for other steps the whole message. */
  first: string;
  /** The line after it, which for a flow check says what diverged (`  interaction …: forbidden ixn → agent EventRevoked … at seq 47`). */
  second: string;
}

const VERDICT: Record<Outcome, Verdict> = {
  passed: 'pass', failed: 'fail', inconc: 'inconc', skipped: 'inconc', error: 'error', undefined: 'error', ambiguous: 'error', pending: 'error', interrupted: 'inconc', 'not-run': 'inconc',
};

export function scenarioVerdicts(messagesFile: string): ScenarioVerdict[] {
  const collector = new RunSummaryCollector();
  for (const line of readFileSync(messagesFile, 'utf8').split('\n')) if (line.trim() !== '') collector.onMessage(JSON.parse(line));
  return collector.scenarios().map((s) => {
    const lines = (s.reason ?? '').split('\n');
    const name = s.line !== undefined ? `${s.name} (line ${s.line})` : s.name;
    return { name, verdict: VERDICT[s.outcome], first: lines[0] ?? '', second: lines[1] ?? '' };
  });
}

/** A reason without what varies from run to run: seq numbers, times. */
export function normalizeReason(s: string): string {
  return s.replace(/seq \d+/g, 'seq N').replace(/\d+(\.\d+)? ms/g, 'N ms').trim();
}
