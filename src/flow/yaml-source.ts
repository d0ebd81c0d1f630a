import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostic/diagnostic.ts';

/**
 * One YAML file as the loader sees it: the node tree, every node's 1-based line:col, and the syntax
 * errors as Diagnostics. Nothing here knows the flow DSL.
 */
export class YamlSource {
  readonly doc: Document.Parsed;
  readonly syntax: Diagnostic[];
  private readonly lines = new LineCounter();

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    // prettyErrors off: yaml's own messages, without the code frame it would append.
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, keepSourceTokens: false });
    this.syntax = [
      ...this.doc.errors.map((e) => this.syntaxDiagnostic(e, 'error')),
      ...this.doc.warnings.map((e) => this.syntaxDiagnostic(e, 'warning')),
      ...this.recursiveAliases(),
    ];
    if (this.syntax.length === 0) this.syntax.push(...this.aliasBlowUp());
  }

  /**
   * Nodes the loader walks once aliases stand for what they name. Aliases of aliases double it at
   * each level (`&a1 [*a0, *a0]`, `&a2 [*a1, *a1]`, …): fifteen lines would keep the loader busy for
   * minutes, so past MAX_EXPANDED_NODES the file is refused. yaml's own guard (maxAliasCount) covers
   * only its conversion to JS, which the loader does not use.
   */
  private aliasBlowUp(): Diagnostic[] {
    const sizes = new Map<Node, number>();
    const size = (node: unknown): number => {
      if (!node || typeof node !== 'object') return 0;
      const n = node as Node;
      const known = sizes.get(n);
      if (known !== undefined) return known;
      let total = 1;
      if (isAlias(n)) total = size(n.resolve(this.doc));
      else if (isMap(n)) for (const p of n.items) total += size(p.key) + size(p.value);
      else if (isSeq(n)) for (const i of n.items) total += size(i);
      sizes.set(n, total);
      return total;
    };
    const total = size(this.doc.contents);
    if (total <= MAX_EXPANDED_NODES) return [];
    return [
      {
        code: 'FLOW_ALIAS_BLOW_UP',
        severity: 'error',
        message: `aliases expand the file to ${total} nodes, more than ${MAX_EXPANDED_NODES}`,
        location: this.at(0),
        expected: `a model of at most ${MAX_EXPANDED_NODES} nodes once each alias stands for what it names`,
        hint: 'an alias of a node holding aliases doubles it at each level: write the steps out, or use repeat:',
      },
    ];
  }

  /**
   * An alias inside the node its anchor names (`steps: &s [ …, { optional: *s } ]`) is valid YAML
   * that yaml does not flag, but a tree of infinite depth: every reader walking it would recurse
   * until the stack ran out. Reported as an error of the file, so nothing walks it.
   */
  private recursiveAliases(): Diagnostic[] {
    const out: Diagnostic[] = [];
    if (this.doc.errors.length > 0) return out;
    visit(this.doc, {
      Alias: (_key, alias, path) => {
        const target = alias.resolve(this.doc);
        if (!target || !path.includes(target)) return;
        out.push({
          code: 'FLOW_RECURSIVE_ALIAS',
          severity: 'error',
          message: `alias *${alias.source} is inside the node its anchor &${alias.source} names`,
          location: this.at(alias.range?.[0] ?? 0),
          expected: 'an alias to a node that does not contain it',
          hint: 'a list cannot contain itself: to say steps come again, use repeat:',
        });
      },
    });
    return out;
  }

  /** The document's top node, aliases resolved; null for an empty file. */
  root(): Node | null {
    return this.deref(this.doc.contents as Node | null);
  }

  /** `*anchor` stands for the node it names; positions then point at the anchored node. */
  deref(node: Node | null | undefined): Node | null {
    if (node && isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node ?? null;
  }

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  loc(node: Node | null | undefined): SourceLocation {
    return this.at(node?.range?.[0] ?? 0);
  }

  private syntaxDiagnostic(e: YAMLError, severity: 'error' | 'warning'): Diagnostic {
    const location = this.at(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const key = keyTextAt(this.text, e.pos[0]);
      return {
        code: 'FLOW_DUPLICATE_KEY',
        severity,
        message: `duplicate key ${key}`,
        location,
        expected: 'each key once in a mapping',
        hint: 'remove or rename one of them',
      };
    }
    return {
      code: 'FLOW_YAML_SYNTAX',
      severity,
      message: `malformed YAML: ${SYNTAX_MESSAGES[e.code] ?? e.message}`,
      location,
      expected: 'valid YAML',
      hint: SYNTAX_HINTS[e.code] ?? 'fix the YAML here; the model itself is checked once the file parses',
    };
  }
}

/** The largest model of scenarios/ has under 1,000 nodes; 100 times that is beyond any model a person writes. */
const MAX_EXPANDED_NODES = 100_000;

/** yaml's own wording where it speaks to a programmer rather than to the author of a model. */
const SYNTAX_MESSAGES: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
};

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'line this up with the keys or items it belongs with',
  MULTIPLE_DOCS: 'keep one model per file: remove the `---` separator or split the file',
  MISSING_CHAR: 'close the bracket or quote opened before this point',
};

function keyTextAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(rest);
  return (m?.[1] ?? '').trim();
}

/** How a node reads in a message: `a list`, `a mapping`, `the number 5`, `text "abc"`, `nothing`. */
export function describeNode(node: Node | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return describeValue(node.value);
  return 'an alias';
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `text ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}
