import type { RunSummaryCollector } from '../../src/reporting/run-summary.ts';
import { VERDICT_MEDIA_TYPE } from '../../src/reporting/verdict-attachment.ts';

// What the run-summary tests feed the collector: the envelopes cucumber would emit.

/** The envelopes cucumber emits for one scenario: its pickle, test case (a hook + steps), one attempt. */
export function scenario(c: RunSummaryCollector, id: string, name: string, statuses: string[], opts: { retried?: boolean; attempt?: string; snippetFor?: number; verdict?: { verdict: string; reason?: string; interrupted?: string } } = {}): void {
  const steps = statuses.map((_, i) => ({ id: `${id}-ps${i}`, text: `step ${i} of ${name}` }));
  if (!opts.attempt) {
    c.onMessage({ pickle: { id: `${id}-p`, uri: 'features/x.feature', name, steps } });
    c.onMessage({ testCase: { id: `${id}-tc`, pickleId: `${id}-p`, testSteps: [{ id: `${id}-hook` }, ...steps.map((s, i) => ({ id: `${id}-ts${i}`, pickleStepId: s.id }))] } });
  }
  const started = `${id}-${opts.attempt ?? 'a0'}`;
  c.onMessage({ testCaseStarted: { id: started, testCaseId: `${id}-tc` } });
  c.onMessage({ testStepFinished: { testCaseStartedId: started, testStepId: `${id}-hook`, testStepResult: { status: 'PASSED' } } });
  statuses.forEach((status, i) => {
    if (opts.snippetFor === i) c.onMessage({ suggestion: { pickleStepId: steps[i].id, snippets: [{ code: `Given('step ${i}', async function () {})` }] } });
    c.onMessage({ testStepFinished: { testCaseStartedId: started, testStepId: `${id}-ts${i}`, testStepResult: { status } } });
  });
  if (opts.verdict) c.onMessage({ attachment: { testCaseStartedId: started, mediaType: VERDICT_MEDIA_TYPE, body: JSON.stringify(opts.verdict) } });
  c.onMessage({ testCaseFinished: { testCaseStartedId: started, willBeRetried: opts.retried ?? false } });
}
