import { readFile } from 'node:fs/promises';
import type { Certificate } from './certificate.ts';
import type { ScenarioRecord } from './scenario-record.ts';
import { traceExcerpt } from './trace-excerpt.ts';

/**
 * The trace excerpt and the diagram of each failure of a certificate, read from the files the run
 * wrote (the records' trace and diagram paths): `flowcert certify` reads its own run's, `flowcert
 * merge` the copies it made of each shard's. Building the certificate reads nothing; this does.
 */
export async function resolveEvidence(c: Certificate, records: readonly ScenarioRecord[]): Promise<void> {
  for (const f of c.failures) {
    const r = records.find((x) => x.uri === f.uri && x.line === f.line);
    const check = r?.checks.find((x) => x.verdict === f.verdict && x.explanation) ?? r?.checks.find((x) => x.verdict !== 'pass');
    // A failing check's divergence, else what the failing step named (a login the server refused).
    if (r?.trace) f.excerpt = await traceExcerpt(r.trace, check?.seqs ?? r.seqs ?? []).catch(() => [`(the trace ${r.trace} could not be read)`]);
    if (check?.diagram) {
      f.diagram = await readFile(check.diagram, 'utf8').catch(() => undefined);
      f.diagramFile = check.diagram.split(/[\\/]/).pop();
      if (f.diagram === undefined) delete f.diagram;
    }
  }
}
