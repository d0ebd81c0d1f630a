import { explain } from '../flow/explain.ts';
import type { FlowCheck } from '../session/session.ts';
import { renderSequenceDiagram } from '../reporting/sequence-diagram.ts';
import { traceLines } from '../trace/line-writer.ts';
import type { Trace } from '../trace/types.ts';
import { slug } from './scenario-files.ts';

/** What the After hook attaches to a scenario: cucumber puts it in the html report, allure-cucumberjs in Allure. */
export interface Attachment {
  body: string;
  mediaType: string;
  fileName: string;
}

/** Beyond this a trace is left on disk and the report says where: html reports embed attachments. */
export const MAX_ATTACHED_TRACE_CHARS = 8 * 1024 * 1024;

/**
 * The scenario's trace (ndjson), and for every flow check made in it a sequence diagram of the expected
 * flow beside the observed one. `traceText` is the trace file's content when there is one.
 */
export function scenarioAttachments(stem: string, trace: Trace, checks: readonly FlowCheck[], traceText?: string | { tooLarge: number }): Attachment[] {
  const out: Attachment[] = [];
  const ndjson = typeof traceText === 'object' ? undefined : (traceText ?? (trace.truncated ? undefined : traceToNdjson(trace)));
  if (ndjson !== undefined && ndjson.length <= MAX_ATTACHED_TRACE_CHARS) {
    out.push({ body: ndjson, mediaType: 'application/x-ndjson', fileName: `${stem}.ndjson` });
  } else {
    const where = trace.source ?? 'the reports folder';
    out.push({
      body: `The trace is ${typeof traceText === 'object' ? `${traceText.tooLarge} bytes` : ndjson !== undefined ? `${ndjson.length} characters` : 'longer than the harness keeps in memory'} long, too large to embed in the report: read ${where}\n`,
      mediaType: 'text/plain',
      fileName: `${stem}.ndjson.txt`,
    });
  }
  checks.forEach((check, i) => {
    out.push({
      body: renderSequenceDiagram({ model: check.model, variant: check.variant, result: check.result, trace, explanation: explain(check.result) }),
      mediaType: 'image/svg+xml',
      fileName: `${stem}.${checks.length > 1 ? `${i + 1}.` : ''}${slug(check.variant)}.${check.result.verdict}.svg`,
    });
  });
  return out;
}

/** The same lines a recorder writes, for a trace that lives in memory only. */
export function traceToNdjson(trace: Trace): string {
  return traceLines(trace.header, trace.entries, trace.footer).join('');
}
