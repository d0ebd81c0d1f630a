/** A small typed event emitter: reference clients expose their events through it. Listeners that throw are isolated. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(e: never) => void>>();

  on<K extends keyof Events>(name: K, listener: (e: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (e: never) => void);
    return () => set.delete(listener as (e: never) => void);
  }

  once<K extends keyof Events>(name: K, listener: (e: Events[K]) => void): () => void {
    const off = this.on(name, (e) => {
      off();
      listener(e);
    });
    return off;
  }

  /** Returns the errors thrown by listeners (the caller decides how to report them). */
  emit<K extends keyof Events>(name: K, e: Events[K]): unknown[] {
    const set = this.listeners.get(name);
    if (!set) return [];
    const errors: unknown[] = [];
    for (const l of Array.from(set)) {
      try {
        (l as (e: Events[K]) => void)(e);
      } catch (err) {
        errors.push(err);
      }
    }
    return errors;
  }

  clear(): void {
    this.listeners.clear();
  }
}
