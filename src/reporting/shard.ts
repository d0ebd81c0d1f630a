/**
 * Which scenarios shard i of n runs, so n CI machines share a suite and `flowcert merge` puts it back
 * together. The rule is a pure function of the selected scenarios' places in the features — never of
 * cucumber's pickle ids (random per run) or its order (which `--order random` or a future cucumber may
 * change) — so every machine that selects the same scenarios agrees on every shard:
 *
 *   sort the selected scenarios by feature file (its path relative to the run's folder, compared code
 *   unit by code unit, not by the machine's locale), then by line (an outline's example row by the
 *   row's line); scenario k of that list (counting from 0) goes to shard (k mod n) + 1.
 *
 * Balanced by count: every shard has ⌊m/n⌋ or ⌈m/n⌉ of the m scenarios. Dealt round the shards rather
 * than cut into n blocks, so the scenarios of one long feature (all its timeouts, say) are spread over
 * the machines instead of landing on one. Not by expected duration: flowcert keeps no timings of past
 * runs to weigh them by, and a guess would be no better than the count. More shards than scenarios
 * leaves the last shards empty.
 */
export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export interface Placed {
  uri: string;
  line: number;
}

/** `features/x.feature:12`: how a scenario is named across shards (a pickle's id is not the same twice). */
export function scenarioKey(s: Placed): string {
  return `${posix(s.uri)}:${s.line}`;
}

/** The order shards are dealt from: feature path, then line. */
export function byPlace(a: Placed, b: Placed): number {
  const [ua, ub] = [posix(a.uri), posix(b.uri)];
  return ua < ub ? -1 : ua > ub ? 1 : a.line - b.line;
}

/** `features\sub\x.feature` as `features/sub/x.feature`: a Windows machine of the matrix deals as a Linux one does. */
function posix(uri: string): string {
  return uri.split('\\').join('/');
}

/** The scenarios of shard `shard`, in the order above. */
export function shardOf<T extends Placed>(scenarios: readonly T[], shard: Shard): T[] {
  return [...scenarios].sort(byPlace).filter((_, k) => k % shard.total === shard.index - 1);
}

/** `2/4`. */
export function shardName(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}
