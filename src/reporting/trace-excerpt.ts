import { readTrace } from '../trace/reader.ts';
import type { TraceEntry } from '../trace/types.ts';

/** Entries shown either side of each seq a failure is about. */
const AROUND = 3;

/**
 * The lines of a trace around the messages a failure names, one per entry, as a reader of a
 * certificate wants them: seq, time, who to whom, what, and the attributes — the rest elided.
 */
export async function traceExcerpt(file: string, seqs: readonly number[]): Promise<string[]> {
  const read = await readTrace(file);
  if (!read.trace) return [`(the trace ${file} could not be read: ${read.diagnostics[0]?.message ?? 'unknown problem'})`];
  const entries = read.trace.entries;
  const wanted = new Set<number>();
  const around = seqs.length > 0 ? seqs : [entries.at(-1)?.seq ?? 0];
  for (const s of around) {
    const i = entries.findIndex((e) => e.seq === s);
    if (i < 0) continue;
    for (let j = Math.max(0, i - AROUND); j <= Math.min(entries.length - 1, i + AROUND); j++) wanted.add(j);
  }
  const out: string[] = [];
  let last = -1;
  for (const i of [...wanted].sort((a, b) => a - b)) {
    if (last >= 0 && i > last + 1) out.push('…');
    out.push(line(entries[i], seqs.includes(entries[i].seq)));
    last = i;
  }
  return out;
}

function line(e: TraceEntry, marked: boolean): string {
  const head = `${marked ? '▶' : ' '} seq ${e.seq} ${e.t.toFixed(1).padStart(8)} ms`;
  if (e.type === 'message') {
    const v = e.violations.filter((x) => x.severity === 'error').map((x) => x.code);
    return `${head}  ${e.from} → ${e.to}  ${e.message}${e.referenceId !== undefined ? ` #${e.referenceId}` : ''} ${JSON.stringify(e.attributes)}${v.length ? `  [${v.join(', ')}]` : ''}`;
  }
  if (e.type === 'bad-frame') return `${head}  ${e.from} → ${e.to}  bad frame (${e.size} bytes): ${e.violations.map((x) => x.code).join(', ')} ${JSON.stringify(e.raw.slice(0, 80))}`;
  return `${head}  note: ${e.text}`;
}
