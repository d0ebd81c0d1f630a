import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readVerdict, VERDICT_MEDIA_TYPE } from './verdict-attachment.ts';
import type { Verdict } from './verdict-attachment.ts';

/**
 * allure-cucumberjs gives a scenario the worst status of its steps, where passed outranks skipped: an
 * inconclusive scenario (a skipped step) would read "passed". Each result carries the scenario's
 * verdict attachment, so before the report is drawn the status is set from it: fail → failed (a
 * product defect), error → broken, inconc → skipped, each with the verdict's reason. A scenario an
 * interrupt (Ctrl-C, SIGTERM) cut short or kept from starting is inconc: skipped, its reason saying so.
 */
const STATUS: Record<Verdict, string> = { pass: 'passed', fail: 'failed', error: 'broken', inconc: 'skipped' };

interface AllureNode {
  uuid?: string;
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  steps?: AllureNode[];
  attachments?: { source: string; type?: string }[];
}

/** An Allure container: the hooks (fixtures) around its children, the results of one scenario. */
interface AllureContainer {
  children?: string[];
  befores?: AllureNode[];
  afters?: AllureNode[];
}

export async function applyVerdictsToAllure(resultsDir: string): Promise<number> {
  let all: string[];
  try {
    all = await readdir(resultsDir);
  } catch {
    return 0;
  }
  const names = all.filter((n) => n.endsWith('-result.json'));
  // A verdict attached by a hook rather than a step (a scenario the Before hook kept from running, after
  // an interrupt) lands in the hook's fixture, in a container that names the scenario's result.
  const fromHooks = new Map<string, string>();
  for (const name of all.filter((n) => n.endsWith('-container.json'))) {
    const container = JSON.parse(await readFile(join(resultsDir, name), 'utf8')) as AllureContainer;
    const source = [...(container.befores ?? []), ...(container.afters ?? [])].map(verdictSource).find((s) => s !== undefined);
    if (source) for (const child of container.children ?? []) fromHooks.set(child, source);
  }
  let changed = 0;
  for (const name of names) {
    const file = join(resultsDir, name);
    const result = JSON.parse(await readFile(file, 'utf8')) as AllureNode;
    const source = verdictSource(result) ?? (result.uuid ? fromHooks.get(result.uuid) : undefined);
    if (!source) continue;
    const v = readVerdict(await readFile(join(resultsDir, source), 'utf8').catch(() => ''));
    if (!v) continue;
    const status = STATUS[v.verdict];
    if (result.status === status && (v.reason === undefined || result.statusDetails?.message)) continue;
    result.status = status;
    if (v.reason !== undefined) result.statusDetails = { ...result.statusDetails, message: v.verdict === 'inconc' && !v.interrupted ? `inconclusive: ${v.reason}` : v.reason };
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
