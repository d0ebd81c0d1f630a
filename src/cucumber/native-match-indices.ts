import { createRequire } from 'node:module';

/**
 * Cucumber matches every step against its step definitions through @cucumber/cucumber-expressions,
 * whose TreeRegexp takes group positions from regexp-match-indices. That package's feature test
 * (`/a/.exec('a').indices`) never sees native indices (they need the `d` flag), so on every node it
 * falls back to its JavaScript implementation, which parses each expression with regexp-tree and
 * generates and compiles a measuring RegExp again on every successful match. A whole run's plan (a
 * dry run) and the run itself each match all of the suite's steps before its first scenario — about a
 * second on this machine — and every step is matched again as it runs (issue 13).
 *
 * Node has had the `d` flag since 16: the same match, with the engine's own indices (what the
 * polyfill emulates), from one flagged copy of each expression's RegExp. Installed only when a sample
 * gives the very groups the original gives; an expression with the `g` or `y` flag (whose lastIndex
 * matters) keeps the original. Cucumber loads the package's CommonJS build: that is the one patched.
 */
interface GroupLike {
  value?: string;
  start?: number;
  end?: number;
  children?: GroupLike[];
}
interface TreeRegexpLike {
  regexp: RegExp;
  groupBuilder: { build(match: RegExpExecArray, next: () => number): GroupLike };
  match(s: string): GroupLike | null;
}

const PATCHED = Symbol.for('flowcert.nativeMatchIndices');

export function useNativeMatchIndices(): boolean {
  let sample: TreeRegexpLike;
  try {
    const { RegularExpression, ParameterTypeRegistry } = createRequire(import.meta.url)('@cucumber/cucumber-expressions') as {
      RegularExpression: new (r: RegExp, p: unknown) => { treeRegexp: TreeRegexpLike };
      ParameterTypeRegistry: new () => unknown;
    };
    sample = new RegularExpression(/^"([^"]+)" (logs in(?: as "([^"]*)")?)(?<rest> now)?$/, new ParameterTypeRegistry()).treeRegexp;
  } catch {
    return false;
  }
  const proto = Object.getPrototypeOf(sample) as TreeRegexpLike & { [PATCHED]?: true };
  if (proto[PATCHED]) return true;
  if (typeof proto.match !== 'function' || !(sample.regexp instanceof RegExp) || typeof sample.groupBuilder?.build !== 'function') return false;

  const original = proto.match;
  const flagged = new WeakMap<RegExp, RegExp>();
  const native = function (this: TreeRegexpLike, s: string): GroupLike | null {
    const { regexp } = this;
    if (regexp.global || regexp.sticky) return original.call(this, s);
    let d = flagged.get(regexp);
    if (!d) {
      d = regexp.hasIndices ? regexp : new RegExp(regexp.source, `${regexp.flags}d`);
      flagged.set(regexp, d);
    }
    const m = d.exec(s);
    if (!m) return null;
    let groupIndex = 0;
    return this.groupBuilder.build(m, () => groupIndex++);
  };
  for (const text of ['"Agent1" logs in as "a b" now', '"Agent1" logs in', 'nothing']) {
    if (JSON.stringify(native.call(sample, text)) !== JSON.stringify(original.call(sample, text))) return false;
  }
  proto.match = native;
  proto[PATCHED] = true;
  return true;
}
