/**
 * Requests that went to a run, for Correlator to send their responses after them: a request is known by
 * its connection, its sender and its referenceId, and a response names the same connection, the request's
 * sender as its receiver, and the same referenceId. Held by referenceId first, a number (the trace reader
 * checks it is one), so that looking a response up makes no string: the few requests that share a
 * referenceId (one per client counting its own) are told apart by their connection and sender.
 */
interface Pending {
  readonly connection: string;
  readonly sender: string;
  run: number;
}

export class PendingRequests {
  readonly #byReference = new Map<number | string, Pending[]>();

  /** The run the request (connection, sender, referenceId) went to; -1 for none. */
  get(connection: string, sender: string, referenceId: number): number {
    const list = this.#byReference.get(ref(referenceId));
    if (list === undefined) return -1;
    for (const p of list) if (p.connection === connection && p.sender === sender) return p.run;
    return -1;
  }

  /** The request (connection, sender, referenceId) went to `run`: the latest such request wins. */
  set(connection: string, sender: string, referenceId: number, run: number): void {
    const r = ref(referenceId);
    let list = this.#byReference.get(r);
    if (list === undefined) this.#byReference.set(r, (list = []));
    for (const p of list) {
      if (p.connection === connection && p.sender === sender) {
        p.run = run;
        return;
      }
    }
    list.push({ connection, sender, run });
  }
}

/** A referenceId as a key: one the reader let through other than a number is matched as its text. */
function ref(referenceId: unknown): number | string {
  return typeof referenceId === 'number' ? referenceId : String(referenceId);
}
