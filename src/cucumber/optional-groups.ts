/**
 * Capture groups of a step's regular expression that can match nothing: one with `?`, `*` or `{0,…}`
 * after it, inside a group with one, in one branch of an alternation (cucumber hands these to the step
 * as null), or whose body can match the empty string (`([^"]*)`, `((?: x)?)`). The Cucumber HTML
 * report prints the step's text once more for each that matched nothing, null or "" alike (it moves
 * past an argument only when its value is not empty; issue 12, item 5). Steps write each wording as its own definition, or a group that always takes
 * part (`(URS|"[^"]+")`), instead; test/cucumber/optional-groups.test.ts holds every registered step
 * to that.
 *
 * Returns the 1-based numbers of those groups, in order. Reads the pattern's source as JavaScript
 * writes it: escapes, character classes, (?:…), lookarounds and named groups.
 */
export function groupsThatMayMatchNothing(re: RegExp): number[] {
  const src = re.source;
  // `nullable`: the branch so far can match the empty string; `anyNullable`: an earlier branch could.
  interface Frame { capture?: number; zeroWidth: boolean; alternated: boolean; inner: number[]; nullable: boolean; anyNullable: boolean }
  const frame = (capture?: number, zeroWidth = false): Frame => ({ ...(capture !== undefined ? { capture } : {}), zeroWidth, alternated: false, inner: [], nullable: true, anyNullable: false });
  const stack: Frame[] = [frame()];
  const optional = new Set<number>();
  let groups = 0;
  let i = 0;
  /** After an atom: reads its quantifier, and says whether atom and quantifier together may match nothing. */
  const quantified = (atomNullable: boolean): { zero: boolean; nullable: boolean } => {
    const m = /^(?:[?*+]|\{(\d+)(?:,\d*)?\})\??/.exec(src.slice(i));
    if (!m) return { zero: false, nullable: atomNullable };
    i += m[0].length;
    const zero = m[0][0] === '?' || m[0][0] === '*' || m[1] === '0';
    return { zero, nullable: atomNullable || zero };
  };
  while (i < src.length) {
    const top = stack[stack.length - 1];
    const c = src[i];
    if (c === '(') {
      const head = src.slice(i + 1, i + 4);
      const lookaround = /^\?(?:[=!]|<[=!])/.test(head);
      const capturing = !head.startsWith('?') || (head.startsWith('?<') && !lookaround);
      stack.push(frame(capturing ? ++groups : undefined, lookaround));
      i += 1 + (capturing ? (head.startsWith('?<') ? src.indexOf('>', i) - i : 0) : lookaround ? (head[1] === '<' ? 3 : 2) : 2);
      continue;
    }
    if (c === '|') {
      top.alternated = true;
      top.anyNullable ||= top.nullable;
      top.nullable = true;
      i++;
      continue;
    }
    if (c === ')') {
      const done = stack.pop()!;
      const parent = stack[stack.length - 1];
      i++;
      const bodyNullable = done.zeroWidth || done.anyNullable || done.nullable;
      const q = quantified(bodyNullable);
      if (done.alternated) done.inner.forEach((g) => optional.add(g));
      const all = done.capture !== undefined ? [...done.inner, done.capture] : done.inner;
      if (q.zero) all.forEach((g) => optional.add(g));
      if (done.capture !== undefined && bodyNullable) optional.add(done.capture);
      parent.inner.push(...all);
      parent.nullable &&= q.nullable;
      continue;
    }
    // One atom: an anchor (zero width), an escape, a class, or a character.
    let atomNullable = false;
    if (c === '^' || c === '$') {
      atomNullable = true;
      i++;
    } else if (c === '\\') {
      atomNullable = src[i + 1] === 'b' || src[i + 1] === 'B';
      i += 2;
    } else if (c === '[') {
      // A class ends at the first ] that is not escaped and not its first character.
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      i++;
    } else {
      i++;
    }
    top.nullable &&= quantified(atomNullable).nullable;
  }
  if (stack[0].alternated) stack[0].inner.forEach((g) => optional.add(g));
  return [...optional].sort((a, b) => a - b);
}
