import { parse as parseYamlValue, stringify } from 'yaml';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { closest } from '../diagnostic/did-you-mean.ts';
import { parseModel } from '../flow/loader.ts';
import type { FlowModel, Step } from '../flow/model.ts';
import type { TraceParticipant } from '../trace/types.ts';
import { ScenarioError } from './scenario-error.ts';

/** One row of a "these messages are exchanged in order" table, as the scenario writer typed it. */
export interface MessageRow {
  from: string;
  to: string;
  message: string;
  protocol?: string;
  /** `AgentId: Agent1, Interaction.InteractionId: $id` — values are YAML scalars, so matchers work. */
  attributes?: string;
  /**
   * The envelope's referenceId, a matcher: `$req` in a request's row and again in its response's checks
   * that the response answers that request; `12` an exact value; `$absent` none (an event); empty: not checked.
   */
  referenceId?: string;
}

/** The columns a table of messages may have; another is a mistake, never ignored. */
export const MESSAGE_COLUMNS = ['from', 'to', 'message', 'protocol', 'attributes', 'referenceId'] as const;

/** A table or step that cannot become a model: the step fails with this text. */
export class InlineModelError extends ScenarioError {
  override name = 'InlineModelError';
}

/**
 * Builds a one-phase model from a step's table, so an ad-hoc expectation is loaded, validated against
 * the catalog and matched exactly like a scenarios/*.yaml model — one DSL, one matcher, one diagnostic
 * format. Participants are the scenario's, pinned by name.
 */
export function inlineModel(
  rows: MessageRow[],
  participants: readonly TraceParticipant[],
  where: string,
  at?: { uri: string; line: number },
): FlowModel {
  for (const column of Object.keys(rows[0] ?? {})) {
    if ((MESSAGE_COLUMNS as readonly string[]).includes(column)) continue;
    const near = closest(column, MESSAGE_COLUMNS, 3);
    throw new InlineModelError(`${where}: the table has a column "${column}", which means nothing here${near.length ? ` — did you mean "${near[0]}"?` : ''} (columns: ${MESSAGE_COLUMNS.join(', ')})`);
  }
  const ids = new Map<string, string>();
  const declared: Record<string, { role: string; name: string }> = {};
  const idOf = (name: string): string => {
    let id = ids.get(name);
    if (id) return id;
    const p = participants.find((x) => x.name === name);
    if (!p) throw new InlineModelError(`${where}: no participant "${name}" in this scenario (known: ${participants.map((x) => `"${x.name}"`).join(', ') || 'none'})`);
    // The participant's own name is its id, so explanations read "IS1 → Stat Server EventAgentInvited".
    id = name.startsWith('$') ? `$${name}` : name;
    ids.set(name, id);
    declared[id] = { role: p.role, name };
    return id;
  };
  const steps = rows.map((r, i) => ({
    from: idOf(r.from),
    to: idOf(r.to),
    message: r.message,
    ...(r.protocol ? { protocol: r.protocol } : {}),
    ...(r.attributes && r.attributes.trim() ? { attributes: parseAttributeList(r.attributes, `${where}, row ${i + 1}`) } : {}),
    ...(r.referenceId && r.referenceId.trim() ? { referenceId: parseValue(r.referenceId.trim(), `${where}, row ${i + 1}`) } : {}),
  }));
  const doc = {
    model: where,
    participants: declared,
    unexpected: 'ignore',
    phases: { table: { title: 'as the step says', steps } },
    variants: { table: { phases: ['table'] } },
  };
  // JSON is YAML, and JSON.stringify is a hundred times quicker than the YAML library's (a third of what
  // a "reaches ... carrying" step cost); a value JSON cannot say (.inf, .nan) goes the YAML way.
  const text = plainJson(doc) ? JSON.stringify(doc) : stringify(doc);
  const r = parseModel(text, where);
  if (!r.model) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    throw new InlineModelError(`${where}: the table is not a valid flow:\n${errors.map((d) => formatDiagnostic({ ...d, location: undefined })).join('\n')}`);
  }
  if (at) relocate(r.model, at);
  return r.model;
}

/** Whether JSON.stringify says `v` exactly: strings, booleans, null, finite numbers, in arrays and plain objects. */
function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(plainJson);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every(plainJson);
  return false;
}

/** The generated YAML is nobody's source: every step points at the Gherkin step that wrote the table. */
function relocate(model: FlowModel, at: { uri: string; line: number }): void {
  const loc = { file: at.uri, line: at.line, col: 1 };
  const visit = (s: Step): void => {
    s.loc = loc;
    if (s.kind === 'sequence' || s.kind === 'any-order') s.steps.forEach(visit);
  };
  for (const phase of Object.values(model.phases)) {
    phase.loc = loc;
    visit(phase.body);
  }
}

/**
 * `AgentId: Agent1, Interaction.InteractionId: $id` → `{ AgentId: 'Agent1', Interaction: { InteractionId: '$id' } }`.
 * Dotted names nest (KV lists); each value is read as YAML, so `7` is a number and `{ $regex: x }` a matcher.
 */
export function parseAttributeList(text: string, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of splitTopLevel(text)) {
    const m = /^\s*([^:\s]+)\s*:\s*(.*?)\s*$/s.exec(part);
    if (!m) throw new InlineModelError(`${where}: "${part.trim()}" is not "Name: value" (separate attributes with commas)`);
    setPath(out, m[1], parseValue(m[2], where));
  }
  return out;
}

export function parseValue(text: string, where: string): unknown {
  try {
    const v = parseYamlValue(text) as unknown;
    return v === null ? text : v;
  } catch (err) {
    throw new InlineModelError(`${where}: cannot read the value ${JSON.stringify(text)}: ${(err as Error).message.split('\n')[0]}`);
  }
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else node = node[k] = {} as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Splits on commas that are not inside brackets or quotes, so `{ $oneOf: [a, b] }` stays whole. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts;
}
