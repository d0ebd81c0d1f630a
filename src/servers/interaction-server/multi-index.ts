/**
 * Values grouped by a key, each group in insertion order: what an agent leaving or an interaction
 * stopping looks up among the pending deliveries, invitations and processing timers, so that costs what
 * that agent or interaction has, not what the whole server holds (issue 13). A value leaves its group
 * with delete(); an emptied group is dropped, so a departed key holds nothing.
 */
export class MultiIndex<K, V> {
  private readonly groups = new Map<K, Set<V>>();

  add(key: K, value: V): void {
    const g = this.groups.get(key);
    if (g) g.add(value);
    else this.groups.set(key, new Set([value]));
  }

  delete(key: K, value: V): void {
    const g = this.groups.get(key);
    if (!g) return;
    g.delete(value);
    if (g.size === 0) this.groups.delete(key);
  }

  /** A copy of the group, in insertion order: the caller may delete from the index while it walks it. */
  of(key: K): V[] {
    const g = this.groups.get(key);
    return g ? Array.from(g) : [];
  }

  /** How many keys hold values (for tests: a departed key is gone). */
  get keys(): number {
    return this.groups.size;
  }

  clear(): void {
    this.groups.clear();
  }
}
