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
}

export function readVerdict(body: string): VerdictRecord | undefined {
  try {
    const v = JSON.parse(body) as Partial<VerdictRecord>;
    if (v.verdict === 'pass' || v.verdict === 'fail' || v.verdict === 'inconc' || v.verdict === 'error') return { verdict: v.verdict, ...(typeof v.reason === 'string' ? { reason: v.reason } : {}) };
  } catch {
    // not ours
  }
  return undefined;
}
