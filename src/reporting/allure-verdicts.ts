import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readVerdict, VERDICT_MEDIA_TYPE } from './verdict-attachment.ts';
import type { Verdict } from './verdict-attachment.ts';

/**
 * allure-cucumberjs gives a scenario the worst status of its steps, where passed outranks skipped: an
 * inconclusive scenario (a skipped step) would read "passed". Each result carries the scenario's
 * verdict attachment, so before the report is drawn the status is set from it: fail → failed (a
 * product defect), error → broken, inconc → skipped, each with the verdict's reason.
 */
const STATUS: Record<Verdict, string> = { pass: 'passed', fail: 'failed', error: 'broken', inconc: 'skipped' };

interface AllureNode {
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  steps?: AllureNode[];
  attachments?: { source: string; type?: string }[];
}

export async function applyVerdictsToAllure(resultsDir: string): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(resultsDir)).filter((n) => n.endsWith('-result.json'));
  } catch {
    return 0;
  }
  let changed = 0;
  for (const name of names) {
    const file = join(resultsDir, name);
    const result = JSON.parse(await readFile(file, 'utf8')) as AllureNode;
    const source = verdictSource(result);
    if (!source) continue;
    const v = readVerdict(await readFile(join(resultsDir, source), 'utf8').catch(() => ''));
    if (!v) continue;
    const status = STATUS[v.verdict];
    if (result.status === status && (v.reason === undefined || result.statusDetails?.message)) continue;
    result.status = status;
    if (v.reason !== undefined) result.statusDetails = { ...result.statusDetails, message: v.verdict === 'inconc' ? `inconclusive: ${v.reason}` : v.reason };
    await writeFile(file, JSON.stringify(result));
    changed++;
  }
  return changed;
}

function verdictSource(node: AllureNode): string | undefined {
  for (const a of node.attachments ?? []) if (a.type === VERDICT_MEDIA_TYPE) return a.source;
  for (const s of node.steps ?? []) {
    const found = verdictSource(s);
    if (found) return found;
  }
  return undefined;
}
