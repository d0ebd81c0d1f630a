/**
 * Each scenario's verdict travels in cucumber's message stream as an attachment of this media type
 * (`{"verdict": "inconc", "reason": "…"}`), so the run summary and the JUnit report, which read the
 * stream, know inconc and error apart from fail without parsing any text.
 */
export const VERDICT_MEDIA_TYPE = 'application/vnd.flowcert.verdict+json';

export type Verdict = 'pass' | 'fail' | 'inconc' | 'error';

export interface VerdictRecord {
  verdict: Verdict;
  reason?: string;
  /**
   * The run was interrupted (Ctrl-C, SIGTERM) before the scenario was decided: `running` — it was cut
   * short while it ran; `not-started` — it never ran. The verdict is then inconc (nothing was decided),
   * so a reader that knows only the four verdicts still reads it right.
   */
  interrupted?: Interruption;
  /** Time (ms) the scenario spent waiting on what the model requires (Session.waitedMs); the rest of its duration is the harness's work. */
  waitedMs?: number;
}

export type Interruption = 'running' | 'not-started';

export function readVerdict(body: string): VerdictRecord | undefined {
  try {
    const v = JSON.parse(body) as Partial<VerdictRecord>;
    if (v.verdict === 'pass' || v.verdict === 'fail' || v.verdict === 'inconc' || v.verdict === 'error') {
      return {
        verdict: v.verdict,
        ...(typeof v.reason === 'string' ? { reason: v.reason } : {}),
        ...(v.interrupted === 'running' || v.interrupted === 'not-started' ? { interrupted: v.interrupted } : {}),
        ...(typeof v.waitedMs === 'number' && Number.isFinite(v.waitedMs) && v.waitedMs >= 0 ? { waitedMs: v.waitedMs } : {}),
      };
    }
  } catch {
    // not ours
  }
  return undefined;
}
