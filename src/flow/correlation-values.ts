/**
 * Which instance (key id) each correlation value belongs to, for Correlator: a Map per capture name,
 * looked up by the value itself, so that routing a message makes no string of it. Two values are the
 * same when they read the same: primitives by type and value (a Map's SameValueZero: 1 is not '1', -0
 * is 0), objects by their JSON.
 */
export class CorrelationValues {
  readonly #primitives: Array<Map<unknown, number>> = [];
  readonly #objects: Array<Map<string, number>> = [];

  /** `slots`: how many capture names there are (values are held by name: a slot each). */
  constructor(slots: number) {
    for (let s = 0; s < slots; s++) {
      this.#primitives.push(new Map());
      this.#objects.push(new Map());
    }
  }

  get(slot: number, v: unknown): number | undefined {
    return typeof v === 'object' && v !== null ? this.#objects[slot].get(JSON.stringify(v)) : this.#primitives[slot].get(v);
  }

  /** Links `v` to `id` unless it already has one; true when it did not. */
  link(slot: number, v: unknown, id: number): boolean {
    if (typeof v === 'object' && v !== null) {
      const k = JSON.stringify(v);
      const objects = this.#objects[slot];
      if (objects.has(k)) return false;
      objects.set(k, id);
      return true;
    }
    const primitives = this.#primitives[slot];
    if (primitives.has(v)) return false;
    primitives.set(v, id);
    return true;
  }
}
