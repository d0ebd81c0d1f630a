import type { MatchResult } from '../flow/result.ts';
import type { Trace } from '../trace/types.ts';

/**
 * Model coverage of a run: which models of scenarios/ were checked, which of their variants and
 * phases, and which catalog messages no trace of the run carried. Generic over the models: it knows
 * them only as outlines (file, name, variant and phase ids), so a model added to scenarios/ is counted
 * as it is, checked or not.
 *
 * Each scenario attaches its part (CoverageRecord, media type COVERAGE_MEDIA_TYPE) — so a run with
 * --parallel workers is counted like one in-process — and the command adds them up (modelCoverage).
 */

export const COVERAGE_MEDIA_TYPE = 'application/vnd.flowcert.coverage+json';

type Verdict = MatchResult['verdict'];

/** One scenario's part: the named models it checked, and every message its trace carried. */
export interface CoverageRecord {
  checks: Array<{ model: string; file: string; variant: string; profile?: string; verdict: Verdict; phases: Array<{ phase: string; verdict: Verdict }> }>;
  /** `Protocol:Message` (canonical names) → how many times. */
  messages: Record<string, number>;
}

export interface ModelOutline {
  /** As the run's folder names it, with forward slashes. */
  file: string;
  name: string;
  variants: string[];
  phases: Array<{ id: string; title: string }>;
}

export interface Covered {
  id: string;
  /** How many checks covered it, and how many of those passed (for a phase: the phase passed in them). */
  checks: number;
  passed: number;
}

export interface ModelCoverageEntry {
  file: string;
  name: string;
  /** In the model's order, every one of them: checks 0 means never exercised. */
  variants: Covered[];
  phases: Array<Covered & { title: string }>;
  /** The profiles the model was read under in this run. */
  profiles: string[];
}

export interface ModelCoverage {
  models: ModelCoverageEntry[];
  messages: { total: number; seen: number; neverSeen: Array<{ protocol: string; message: string }> };
}

/** What a check's model has, as far as coverage cares: its variant and phase ids. */
export interface CheckedModel {
  variants: Readonly<Record<string, unknown>>;
  phases: Readonly<Record<string, unknown>>;
}

/**
 * A scenario's coverage record, from its flow checks and its trace. Inline tables (variant `table`)
 * are one-off models, not counted. A check of a variant the model does not have (a typo the step
 * reported as an error) could not run: it covers nothing, and counted it would add a variant to the
 * model's list.
 */
export function coverageRecord(checks: ReadonlyArray<{ model: CheckedModel; variant: string; result: MatchResult }>, trace: Trace): CoverageRecord {
  const messages: Record<string, number> = {};
  for (const e of trace.entries) if (e.type === 'message') messages[`${e.protocol}:${e.message}`] = (messages[`${e.protocol}:${e.message}`] ?? 0) + 1;
  return {
    checks: checks
      .filter((c) => c.variant !== 'table' && Object.hasOwn(c.model.variants, c.variant))
      .map(({ model, variant, result: r }) => ({
        model: r.model.name,
        file: r.model.file.split('\\').join('/'),
        variant,
        ...(r.profile ? { profile: r.profile.name } : {}),
        verdict: r.verdict,
        phases: phasesOf(r).filter((p) => Object.hasOwn(model.phases, p.phase)),
      })),
    messages,
  };
}

/** The worst verdict of each phase over the check's instances (a check with no instance reached none). */
function phasesOf(r: MatchResult): CoverageRecord['checks'][number]['phases'] {
  const rank = { pass: 0, inconc: 1, fail: 2, error: 3 } as const;
  const out = new Map<string, Verdict>();
  for (const i of r.instances) for (const p of i.phases) if (!out.has(p.phase) || rank[p.verdict] > rank[out.get(p.phase)!]) out.set(p.phase, p.verdict);
  return [...out].map(([phase, verdict]) => ({ phase, verdict }));
}

export function readCoverageRecord(body: string): CoverageRecord | undefined {
  try {
    const v = JSON.parse(body) as CoverageRecord;
    return Array.isArray(v.checks) && typeof v.messages === 'object' && v.messages !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run's coverage: every model outline (and any model a check named that is not among them), every
 * catalog message (`Protocol:Message`) against the records of the scenarios that ran.
 */
export function modelCoverage(outlines: readonly ModelOutline[], catalogMessages: readonly string[], records: readonly CoverageRecord[]): ModelCoverage {
  const entries = new Map<string, ModelCoverageEntry>();
  const entryFor = (file: string, name: string): ModelCoverageEntry => {
    let e = entries.get(file);
    if (!e) entries.set(file, (e = { file, name, variants: [], phases: [], profiles: [] }));
    return e;
  };
  // A model of scenarios/ has exactly its outline's variants and phases: an id a record names beyond
  // them (a record of another version of the file) is not the model's, and not counted.
  const outlined = new Set<string>();
  for (const o of outlines) {
    const e = entryFor(o.file, o.name);
    e.variants = o.variants.map((id) => ({ id, checks: 0, passed: 0 }));
    e.phases = o.phases.map((p) => ({ id: p.id, title: p.title, checks: 0, passed: 0 }));
    outlined.add(o.file);
  }
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r.messages)) seen.add(k);
    for (const c of r.checks) {
      const e = entryFor(c.file, c.model);
      const open = !outlined.has(c.file);
      const v = e.variants.find((x) => x.id === c.variant) ?? (open ? push(e.variants, { id: c.variant, checks: 0, passed: 0 }) : undefined);
      if (!v) continue;
      if (c.profile !== undefined && !e.profiles.includes(c.profile)) e.profiles.push(c.profile);
      v.checks++;
      if (c.verdict === 'pass') v.passed++;
      for (const p of c.phases) {
        const ph = e.phases.find((x) => x.id === p.phase) ?? (open ? push(e.phases, { id: p.phase, title: p.phase, checks: 0, passed: 0 }) : undefined);
        if (!ph) continue;
        ph.checks++;
        if (p.verdict === 'pass') ph.passed++;
      }
    }
  }
  const neverSeen = catalogMessages.filter((k) => !seen.has(k)).map((k) => {
    const i = k.indexOf(':');
    return { protocol: k.slice(0, i), message: k.slice(i + 1) };
  });
  return { models: [...entries.values()], messages: { total: catalogMessages.length, seen: catalogMessages.length - neverSeen.length, neverSeen } };
}

/**
 * The coverage of one run split over shards (`flowcert merge`): each model's counts added up, and a
 * message never seen only when no shard saw it.
 */
export function mergeModelCoverage(parts: readonly ModelCoverage[]): ModelCoverage {
  const models = new Map<string, ModelCoverageEntry>();
  const add = (into: Covered[], from: readonly Covered[]) => {
    for (const x of from) {
      const have = into.find((y) => y.id === x.id) ?? push(into, { ...x, checks: 0, passed: 0 });
      have.checks += x.checks;
      have.passed += x.passed;
    }
  };
  for (const part of parts) {
    for (const m of part.models) {
      let e = models.get(m.file);
      if (!e) models.set(m.file, (e = { file: m.file, name: m.name, variants: [], phases: [], profiles: [] }));
      add(e.variants, m.variants);
      add(e.phases, m.phases);
      for (const p of m.profiles) if (!e.profiles.includes(p)) e.profiles.push(p);
    }
  }
  const key = (n: { protocol: string; message: string }) => `${n.protocol}:${n.message}`;
  const neverSeen = parts.length === 0 ? [] : parts[0].messages.neverSeen.filter((n) => parts.every((p) => p.messages.neverSeen.some((o) => key(o) === key(n))));
  const total = Math.max(0, ...parts.map((p) => p.messages.total));
  return { models: [...models.values()], messages: { total, seen: total - neverSeen.length, neverSeen } };
}

function push<T>(list: T[], item: T): T {
  list.push(item);
  return item;
}

/** The lines printed above the run's summary line. `page`: where the HTML page is, as the user would type it. */
export function coverageLines(c: ModelCoverage, page?: string): string[] {
  const checked = c.models.filter((m) => m.variants.some((v) => v.checks > 0));
  const out = [`model coverage: ${checked.length} of ${c.models.length} model${c.models.length === 1 ? '' : 's'} checked`];
  for (const m of c.models) {
    if (!m.variants.some((v) => v.checks > 0)) {
      out.push(`  ${m.name} (${m.file}): not checked`);
      continue;
    }
    const part = (what: string, list: Covered[]) => {
      const missing = list.filter((x) => x.checks === 0).map((x) => x.id);
      return `${what} ${list.length - missing.length} of ${list.length}${missing.length ? ` (never: ${missing.join(', ')})` : ''}`;
    };
    const profiles = m.profiles.length ? `, profile ${m.profiles.join(', ')}` : '';
    out.push(`  ${m.name} (${m.file}): ${part('variants', m.variants)}, ${part('phases', m.phases)}${profiles}`);
  }
  const never = c.messages.neverSeen;
  if (never.length === 0) out.push(`  every one of the catalog's ${c.messages.total} messages was seen`);
  else {
    const byProtocol = new Map<string, string[]>();
    for (const n of never) byProtocol.set(n.protocol, [...(byProtocol.get(n.protocol) ?? []), n.message]);
    out.push(`  catalog messages never seen: ${never.length} of ${c.messages.total} — ${[...byProtocol].map(([p, ms]) => `${p}: ${ms.join(', ')}`).join('; ')}`);
  }
  if (page) out.push(`  details: ${page}`);
  return out;
}
