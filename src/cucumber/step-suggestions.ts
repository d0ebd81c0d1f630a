import { editDistance } from '../diagnostic/did-you-mean.ts';

/**
 * The defined steps closest to an undefined step, as a scenario writer reads them: a Cucumber
 * expression as written (`an Interaction Server {string}`), a regular expression as the sentence it
 * stands for (`/^an? (?:reporting engine|Stat Server) "([^"]+)" …$/` reads `a reporting engine
 * {string} …`). A writer who typed "Sever" for "Server" sees the step they meant before Cucumber's
 * snippet tells them to write a new one.
 */
export function closestSteps(text: string, patterns: ReadonlyArray<string | RegExp>, parameterTypes: ParameterTypes = new Map(), max = 3): string[] {
  const typed = normalise(text);
  const scored: Array<{ shown: string; distance: number }> = [];
  for (const p of patterns) {
    let best: { shown: string; distance: number } | undefined;
    for (const sentence of readable(p).flatMap((s) => withParameters(s, parameterTypes))) {
      const said = normalise(sentence);
      const distance = editDistance(typed, said) / Math.max(typed.length, said.length, 1);
      if (!best || distance < best.distance) best = { shown: typeof p === 'string' ? p : sentence, distance };
    }
    // Past this, a "suggestion" shares little more than its length with what was typed: noise.
    if (best && best.distance <= MAX_DISTANCE) scored.push(best);
  }
  scored.sort((a, b) => a.distance - b.distance || a.shown.localeCompare(b.shown));
  return [...new Set(scored.map((s) => s.shown))].slice(0, max);
}

/** A step library's parameter types by name (`duration`), each with the regular expressions it matches. */
export type ParameterTypes = ReadonlyMap<string, readonly RegExp[]>;

/**
 * A sentence with each of its own parameter types (`{invite-action}`, `{duration}`) spelt out as the
 * words it matches, to compare with what was typed: `will accept invitations` is one word from
 * `will {invite-action} invitations` this way, and three from it otherwise.
 */
function withParameters(sentence: string, types: ParameterTypes): string[] {
  let out = [sentence];
  for (const [name, regexps] of types) {
    const token = `{${name}}`;
    if (!sentence.includes(token)) continue;
    const words = regexps.flatMap((r) => readable(r));
    out = out.flatMap((s) => words.map((w) => s.split(token).join(w))).slice(0, 256);
  }
  return out;
}

/** Edits per character of the longer text. Chosen on this project's steps: a typo or two words off stay under it, another step does not. */
const MAX_DISTANCE = 0.45;

/**
 * The sentences a step pattern reads as. A Cucumber expression is itself; a regular expression is
 * expanded (alternatives and optional parts each give a sentence), its quoted captures read
 * `{string}` and other captures `{…}`. A regular expression this reader does not follow is shown as
 * written, without its anchors.
 */
export function readable(pattern: string | RegExp): string[] {
  if (typeof pattern === 'string') return [pattern];
  const source = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  try {
    const reader = new RegexReader(source);
    const out = reader.alternatives();
    if (!reader.done()) return [source];
    return [...new Set(out.map((s) => s.replace(/"\{…\}"/g, '{string}').replace(/\s+/g, ' ').trim()))];
  } catch {
    return [source];
  }
}

/** Quoted values read as the `{string}` they match, numbers as any placeholder; case and spacing do not count. */
function normalise(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '{string}')
    .replace(/\{(?:int|float|number)\}|-?\b\d+(?:\.\d+)?\b/g, '{…}')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Enough of regular-expression syntax for step patterns; anything else throws and the pattern is shown as written. */
class RegexReader {
  private i = 0;
  private static readonly LIMIT = 64;

  constructor(private readonly src: string) {}

  done(): boolean {
    return this.i >= this.src.length;
  }

  alternatives(): string[] {
    const out = [...this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      out.push(...this.sequence());
    }
    return out.slice(0, RegexReader.LIMIT);
  }

  private sequence(): string[] {
    let out = [''];
    while (!this.done() && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let atom = this.atom();
      const q = this.src[this.i];
      if (q === '?') {
        this.i++;
        atom = [...atom, ''];
      } else if (q === '+' || q === '*') {
        this.i++;
        atom = ['{…}'];
      } else if (q === '{') throw new Error('counted repetition');
      if (this.src[this.i] === '?') this.i++; // lazy quantifier: reads the same
      out = out.flatMap((a) => atom.map((b) => a + b)).slice(0, RegexReader.LIMIT);
    }
    return out;
  }

  private atom(): string[] {
    const c = this.src[this.i++];
    if (c === '(') {
      const capturing = !this.src.startsWith('?:', this.i);
      if (!capturing) this.i += 2;
      else if (this.src[this.i] === '?') throw new Error('lookaround or named group');
      const start = this.i;
      const inner = this.alternatives();
      if (this.src[this.i++] !== ')') throw new Error('unclosed group');
      // A capture of words the writer chooses between (`(URS|"[^"]+")`, `(agent "…"(?: at place "…")?)`:
      // steps capture a choice whole, never as a group that may match nothing) reads as each of them;
      // one of free text alone is a placeholder.
      return capturing && inner.length === 1 && /[[+*.\\]/.test(this.src.slice(start, this.i - 1)) ? ['{…}'] : inner;
    }
    if (c === '[') {
      const end = this.src.indexOf(']', this.i + 1);
      if (end < 0) throw new Error('unclosed class');
      this.i = end + 1;
      return ['{…}'];
    }
    if (c === '.') return ['{…}'];
    if (c === '\\') {
      const e = this.src[this.i++];
      if (e === 's') return [' '];
      if (/[dwDWS]/.test(e)) return ['{…}'];
      return [e];
    }
    return [c];
  }
}
