/** Damerau-free Levenshtein distance, small inputs only (names, not documents). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const al = a.length;
  const bl = b.length;
  if (al === 0) return bl;
  if (bl === 0) return al;
  let prev = new Array<number>(bl + 1);
  let cur = new Array<number>(bl + 1);
  for (let j = 0; j <= bl; j++) prev[j] = j;
  for (let i = 1; i <= al; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= bl; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[bl];
}

/**
 * The closest candidates to `input`, best first, among those close enough to be a plausible typo:
 * case-insensitive distance at most a third of the input's length (at least 2).
 */
export function closest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const hay = c.toLowerCase();
    const d = hay === needle ? 0 : editDistance(needle, hay);
    const contains = needle.length >= 4 && (hay.includes(needle) || needle.includes(hay));
    if (d <= limit || contains) scored.push([c, contains ? Math.min(d, limit) : d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([c]) => c);
}

/** ` — did you mean X?` / ` — did you mean X or Y?` / `` when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>, describe: (c: string) => string = (c) => c): string | undefined {
  const best = closest(input, candidates, 2);
  if (best.length === 0) return undefined;
  return `did you mean ${best.map(describe).join(' or ')}?`;
}
