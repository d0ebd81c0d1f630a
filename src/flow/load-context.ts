import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { closest, didYouMean } from '../diagnostic/did-you-mean.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { describeNode, describeValue } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * The state of one load: the source, the catalog, and every diagnostic found so far. The readers
 * below turn YAML nodes into typed values and report a wrong shape instead of throwing, so one pass
 * finds every problem of the file.
 */

export interface KeySpec {
  required: readonly string[];
  optional: readonly string[];
  /** The keys in the order a reader expects them listed (default: required, then optional). */
  order?: readonly string[];
  /** What each key takes, for FLOW_MISSING_KEY's `expected`. */
  describe?: Readonly<Record<string, string>>;
  /** A hint for a key that is valid elsewhere, e.g. `within belongs to a message step`. */
  misplaced?: (key: string) => string | undefined;
  /** A hint for a required key that is missing, e.g. the list params a for-each could name. */
  missing?: (key: string) => string | undefined;
}

export interface Field {
  key: Node;
  value: Node | null;
}

export class LoadContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly src: YamlSource,
    readonly catalog: Catalog,
    /** Code prefix of the generic shape diagnostics: FLOW for models, CONFIG for a binding configuration. */
    readonly prefix = 'FLOW',
  ) {}

  error(node: Node | null | undefined, code: string, message: string, extra: { expected?: string; hint?: string } = {}): void {
    this.diagnostics.push({ code, severity: 'error', message, location: this.src.loc(node), ...clean(extra) });
  }

  warn(node: Node | null | undefined, code: string, message: string, extra: { expected?: string; hint?: string } = {}): void {
    this.diagnostics.push({ code, severity: 'warning', message, location: this.src.loc(node), ...clean(extra) });
  }

  wrongType(node: Node | null | undefined, what: string, expected: string, hint?: string): void {
    this.error(node, `${this.prefix}_WRONG_TYPE`, `${what} must be ${expected}, found ${describeNode(node)}`, { expected, hint });
  }

  /** A mapping's entries in file order (for maps keyed by user ids: participants, phases, ...). */
  entries(node: Node | null | undefined, what: string, expected: string): Array<Field & { name: string }> | undefined {
    const n = this.src.deref(node);
    if (!n || !isMap(n)) {
      this.wrongType(n ?? node, what, expected);
      return undefined;
    }
    const out: Array<Field & { name: string }> = [];
    for (const pair of n.items) {
      const key = pair.key as Node | null;
      if (!key || !isScalar(key) || key.value === null || typeof key.value === 'object') {
        this.wrongType(key, `a key of ${what}`, 'a name');
        continue;
      }
      out.push({ name: String(key.value), key, value: this.src.deref(pair.value as Node | null) });
    }
    return out;
  }

  /** A mapping with a fixed set of keys: unknown keys and missing required ones are reported. */
  mapping(node: Node | null | undefined, what: string, spec: KeySpec): Map<string, Field> | undefined {
    const list = this.entries(node, what, 'a mapping');
    if (!list) return undefined;
    const allowed = [...spec.required, ...spec.optional];
    const fields = new Map<string, Field>();
    // A misspelt required key is reported once, as the unknown key with its did-you-mean.
    const suggested = new Set<string>();
    for (const e of list) {
      if (!allowed.includes(e.name)) {
        for (const c of closest(e.name, allowed, 2)) suggested.add(c);
        this.error(e.key, `${this.prefix}_UNKNOWN_KEY`, `unknown key ${e.name} in ${what}`, {
          expected: `one of ${(spec.order ?? allowed).join(', ')}`,
          hint: didYouMean(e.name, allowed) ?? spec.misplaced?.(e.name),
        });
        continue;
      }
      fields.set(e.name, { key: e.key, value: e.value });
    }
    for (const k of spec.required) {
      if (!fields.has(k) && !suggested.has(k)) {
        const d = spec.describe?.[k];
        this.error(node, `${this.prefix}_MISSING_KEY`, `${what} has no ${k}`, { expected: d ? `${k}: ${d}` : `a ${k} key`, hint: spec.missing?.(k) });
      }
    }
    return fields;
  }

  list(node: Node | null | undefined, what: string, expected = 'a list'): Node[] | undefined {
    const n = this.src.deref(node);
    if (!n || !isSeq(n)) {
      this.wrongType(n ?? node, what, expected);
      return undefined;
    }
    return n.items.map((i) => this.src.deref(i as Node | null)).filter((i): i is Node => i !== null);
  }

  /** Scalar value of a node, or undefined when it is a collection. */
  scalar(node: Node | null | undefined): unknown {
    const n = this.src.deref(node);
    return n && isScalar(n) ? n.value : undefined;
  }

  /** Free text (titles, notes): numbers and booleans read as their text. */
  text(node: Node | null | undefined, what: string): string | undefined {
    const v = this.scalar(node);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.wrongType(node, what, 'text');
    return undefined;
  }

  /** An identifier-like name (ids, references): text, not empty. */
  name(node: Node | null | undefined, what: string): string | undefined {
    const v = this.scalar(node);
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number') return String(v);
    this.wrongType(node, what, 'a name');
    return undefined;
  }

  /** A duration or count in ms that must be > 0 (or >= 0 with `zero`). */
  millis(node: Node | null | undefined, what: string, zero = false): number | undefined {
    const v = this.scalar(node);
    if (typeof v === 'number' && Number.isFinite(v) && (zero ? v >= 0 : v > 0)) return v;
    const expected = zero ? 'a number of milliseconds, 0 or more' : 'a positive number of milliseconds';
    this.error(node, `${this.prefix}_BAD_TIMING`, `${what} must be ${expected}, found ${describeValueOrNode(v, node)}`, {
      expected,
      hint: typeof v === 'string' && /^\d+(\.\d+)?\s*(ms|s|m)$/.test(v.trim()) ? 'write milliseconds as a plain number, e.g. 30000' : undefined,
    });
    return undefined;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(node: Node | null | undefined, what: string, allowed: readonly T[]): T | undefined {
    const v = this.scalar(node);
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.error(node, `${this.prefix}_BAD_VALUE`, `${what} must be one of ${allowed.join(', ')}, found ${describeValueOrNode(v, node)}`, {
      expected: `one of ${allowed.join(', ')}`,
      hint: typeof v === 'string' ? didYouMean(v, allowed) : undefined,
    });
    return undefined;
  }
}

function describeValueOrNode(v: unknown, node: Node | null | undefined): string {
  return v === undefined ? describeNode(node) : describeValue(v);
}

function clean(extra: { expected?: string; hint?: string }): { expected?: string; hint?: string } {
  const out: { expected?: string; hint?: string } = {};
  if (extra.expected !== undefined) out.expected = extra.expected;
  if (extra.hint !== undefined) out.hint = extra.hint;
  return out;
}
