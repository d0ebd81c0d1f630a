import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Diagnostic } from '../../diagnostic/diagnostic.ts';
import { didYouMean } from '../../diagnostic/did-you-mean.ts';
import type { BlockCondition, CapacityRule, MediaLimit } from './capacity-rule.ts';
import { builtInRules, PRECEDENCE } from './capacity-settings.ts';
import type { AssignmentLevel, CapacitySettings } from './capacity-settings.ts';

/**
 * A capacity rule file (schemas/capacity-rules.schema.json; README "Capacity rules"): rules, agent
 * groups, assignments and the statserver option capacity-treat-acw-as-interaction. Every problem is
 * collected with its file:line:col before any is reported; settings come back only when there is none.
 */
export interface CapacityRulesResult {
  settings?: CapacitySettings;
  diagnostics: Diagnostic[];
}

const TOP = ['rules', 'groups', 'assign', 'options'];
const LIMIT_KEYS = ['max', 'blocked-by'];
const BLOCK_KEYS = ['any-of', 'all-of'];
const OPTION_KEYS = ['capacity-treat-acw-as-interaction'];

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(
    text: string,
    readonly file: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    for (const e of doc.errors) this.at(e.pos[0], 'CAPACITY_YAML_SYNTAX', `malformed YAML: ${e.message.split('\n')[0]}`, 'valid YAML', 'fix the YAML here; the rules are checked once the file parses');
    this.root = doc.errors.length ? null : ((doc.contents as Node | null) ?? null);
  }

  private at(offset: number, code: string, message: string, expected: string, hint: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.diagnostics.push({ code, severity: 'error', message, location: { file: this.file, line, col }, expected, hint });
  }

  /** `line:col` of a node, for a rule's origin. */
  position(node: Node): string {
    const { line, col } = this.lines.linePos(node.range?.[0] ?? 0);
    return `${line}:${col}`;
  }

  error(node: Node | null | undefined, code: string, message: string, expected: string, hint: string): void {
    this.at(node?.range?.[0] ?? 0, code, message, expected, hint);
  }

  /** The entries of a mapping, each key a scalar; reports a node that is not a mapping. */
  entries(node: Node | null | undefined, what: string, expected: string): Array<{ key: Node; name: string; value: Node | null }> | undefined {
    if (!isMap(node)) {
      this.error(node, 'CAPACITY_WRONG_TYPE', `${what} must be a mapping`, expected, 'write it as `key: value` lines indented under it');
      return undefined;
    }
    return (node as YAMLMap<Node, Node | null>).items.map((p: Pair<Node, Node | null>) => ({ key: p.key, name: String(isScalar(p.key) ? p.key.value : p.key), value: p.value }));
  }

  /** Reports keys outside `allowed`, with a did-you-mean. */
  known(entries: Array<{ key: Node; name: string }>, allowed: readonly string[], where: string): void {
    for (const e of entries) {
      if (allowed.includes(e.name)) continue;
      const dym = didYouMean(e.name, allowed);
      this.error(e.key, 'CAPACITY_UNKNOWN_KEY', `unknown key ${e.name} in ${where}`, `one of ${allowed.join(', ')}`, dym ?? `remove it, or use one of ${allowed.join(', ')}`);
    }
  }

  count(node: Node | null, what: string, min: number): number | undefined {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
    this.error(node, 'CAPACITY_BAD_NUMBER', `${what} must be a whole number ≥ ${min}, got ${JSON.stringify(isScalar(node) ? node.value : node?.toJSON?.() ?? null)}`, `a whole number ≥ ${min}`, min === 0 ? 'e.g. max: 3 (0: nothing of this media)' : 'e.g. email: 1 (blocked from one email on)');
    return undefined;
  }
}

export function parseCapacityRules(text: string, file: string): CapacityRulesResult {
  const r = new Reader(text, file);
  if (r.diagnostics.length) return { diagnostics: r.diagnostics };
  const rules = builtInRules();
  const builtIn = new Set(rules.keys());
  const written = new Set<string>();
  const assignments = Object.fromEntries(PRECEDENCE.map((l) => [l, new Map<string, string>()])) as Record<AssignmentLevel, Map<string, string>>;
  const groups = new Map<string, string[]>();
  let treatAcwAsInteraction = false;
  const top = r.root === null ? [] : r.entries(r.root, 'a capacity rule file', `a mapping with ${TOP.join(', ')}`);
  if (!top) return { diagnostics: r.diagnostics };
  r.known(top, TOP, 'the file');
  const section = (name: string) => top.find((e) => e.name === name)?.value;

  for (const e of section('rules') ? (r.entries(section('rules'), 'rules', 'rule name → { media: … }') ?? []) : []) {
    if (builtIn.has(e.name)) {
      r.error(e.key, 'CAPACITY_BUILT_IN_RULE', `rule ${e.name} is built in and cannot be redefined`, 'a name of your own', `assign ${e.name} as it is, or give your rule another name`);
      continue;
    }
    const rule = readRule(r, e.name, e.value, `${file}:${r.position(e.key)}`);
    // A rule with errors is still defined: its assignments are not reported again as naming nothing.
    written.add(e.name);
    if (rule) rules.set(e.name, rule);
  }

  for (const e of section('groups') ? (r.entries(section('groups'), 'groups', 'group name → [agent ids]') ?? []) : []) {
    if (!isSeq(e.value) || !e.value.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
      r.error(e.value ?? e.key, 'CAPACITY_WRONG_TYPE', `group ${e.name} must be a list of agent ids`, 'a list of strings, e.g. [Agent1, Agent2]', 'quote ids YAML reads as numbers: ["1001"]');
      continue;
    }
    groups.set(e.name, e.value.items.map((i) => String((i as { value: unknown }).value)));
  }

  const assign = section('assign');
  const levels = assign ? r.entries(assign, 'assign', `${PRECEDENCE.join(', ')} → { key: rule name }`) : [];
  if (levels) r.known(levels, PRECEDENCE, 'assign');
  for (const lv of levels ?? []) {
    if (!(PRECEDENCE as readonly string[]).includes(lv.name)) continue;
    const level = lv.name as AssignmentLevel;
    for (const a of r.entries(lv.value, `assign.${level}`, `${level} → rule name`) ?? []) {
      const name = isScalar(a.value) ? String(a.value.value) : undefined;
      if (name === undefined || !(rules.has(name) || written.has(name))) {
        const known = [...new Set([...rules.keys(), ...written])];
        const dym = name !== undefined ? didYouMean(name, known) : undefined;
        r.error(a.value ?? a.key, 'CAPACITY_UNKNOWN_RULE', `assign.${level}.${a.name} names ${name === undefined ? 'no rule' : `rule ${name}, which is not defined`}`, `one of ${known.join(', ')}`, dym ?? 'define it under rules: or assign a built-in one');
        continue;
      }
      if (level === 'agent-group' && !groups.has(a.name)) {
        r.error(a.key, 'CAPACITY_UNKNOWN_GROUP', `assign.agent-group names group ${a.name}, which groups: does not define`, `one of ${[...groups.keys()].join(', ') || '(no groups defined)'}`, 'list its agents under groups:');
        continue;
      }
      assignments[level].set(a.name, name);
    }
  }

  const options = section('options');
  for (const o of options ? (r.entries(options, 'options', OPTION_KEYS.join(', ')) ?? []) : []) {
    if (!OPTION_KEYS.includes(o.name)) {
      r.known([o], OPTION_KEYS, 'options');
      continue;
    }
    const v = isScalar(o.value) ? o.value.value : undefined;
    if (typeof v !== 'boolean') r.error(o.value ?? o.key, 'CAPACITY_WRONG_TYPE', `${o.name} must be true or false`, 'true or false (default false, reference §5.1)', 'e.g. capacity-treat-acw-as-interaction: true');
    else treatAcwAsInteraction = v;
  }

  if (r.diagnostics.length) return { diagnostics: r.diagnostics };
  return { settings: { rules, assignments, groups, treatAcwAsInteraction }, diagnostics: [] };
}

function readRule(r: Reader, name: string, node: Node | null, origin: string): CapacityRule | undefined {
  const top = r.entries(node, `rule ${name}`, 'a mapping with media:');
  if (!top) return undefined;
  r.known(top, ['media'], `rule ${name}`);
  const media = top.find((e) => e.name === 'media');
  if (!media) {
    r.error(node, 'CAPACITY_MISSING_KEY', `rule ${name} has no media:`, 'media: { <media>: { max: N, blocked-by?: … } }', 'name at least one media; a media the rule does not name gets nothing routed');
    return undefined;
  }
  const out: Record<string, MediaLimit> = {};
  let ok = true;
  for (const m of r.entries(media.value, `rule ${name} media`, '<media> → { max, blocked-by? }') ?? []) {
    const limit = readLimit(r, `rule ${name} media ${m.name}`, m.value);
    if (limit) out[m.name] = limit;
    else ok = false;
  }
  return ok ? { name, media: out, origin } : undefined;
}

function readLimit(r: Reader, where: string, node: Node | null): MediaLimit | undefined {
  const es = r.entries(node, where, '{ max: N, blocked-by?: { any-of?, all-of? } }');
  if (!es) return undefined;
  r.known(es, LIMIT_KEYS, where);
  const maxNode = es.find((e) => e.name === 'max');
  if (!maxNode) {
    r.error(node, 'CAPACITY_MISSING_KEY', `${where} has no max`, 'max: a whole number ≥ 0', 'Genesys\' default per media is 1: write max: 1');
    return undefined;
  }
  const max = r.count(maxNode.value, `${where} max`, 0);
  const by = es.find((e) => e.name === 'blocked-by');
  const blockedBy = by ? readBlock(r, `${where} blocked-by`, by.value) : undefined;
  if (max === undefined || (by && !blockedBy)) return undefined;
  return { max, ...(blockedBy ? { blockedBy } : {}) };
}

function readBlock(r: Reader, where: string, node: Node | null): BlockCondition | undefined {
  const es = r.entries(node, where, '{ any-of: { <media or any>: N }, all-of: { … } }');
  if (!es) return undefined;
  r.known(es, BLOCK_KEYS, where);
  const out: BlockCondition = {};
  let ok = true;
  for (const e of es) {
    if (!BLOCK_KEYS.includes(e.name)) continue;
    const thresholds: Record<string, number> = {};
    for (const t of r.entries(e.value, `${where} ${e.name}`, '<media or any> → N') ?? []) {
      const n = r.count(t.value, `${where} ${e.name} ${t.name}`, 1);
      if (n === undefined) ok = false;
      else thresholds[t.name] = n;
    }
    if (e.name === 'any-of') out.anyOf = thresholds;
    else out.allOf = thresholds;
  }
  return ok ? out : undefined;
}
