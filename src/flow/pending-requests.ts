/**
 * Requests that went to a run, for Correlator to send their responses after them: a request is known by
 * its connection, its sender and its referenceId, and a response names the same connection, the request's
 * sender as its receiver, and the same referenceId. Held by connection, then sender, then referenceId, so
 * that looking a response up makes no string, and compares only with the few connections and senders
 * a trace has (they stay in the cache), not with one request after another.
 */
export class PendingRequests {
  readonly #byConnection = new Map<string, Map<string, Map<number | string, number>>>();

  /** The run the request (connection, sender, referenceId) went to; -1 for none. */
  get(connection: string, sender: string, referenceId: number): number {
    return this.#byConnection.get(connection)?.get(sender)?.get(ref(referenceId)) ?? -1;
  }

  /** The request (connection, sender, referenceId) went to `run`: the latest such request wins. */
  set(connection: string, sender: string, referenceId: number, run: number): void {
    let bySender = this.#byConnection.get(connection);
    if (bySender === undefined) this.#byConnection.set(connection, (bySender = new Map()));
    let byReference = bySender.get(sender);
    if (byReference === undefined) bySender.set(sender, (byReference = new Map()));
    byReference.set(ref(referenceId), run);
  }
}

/** A referenceId as a key: a number (the trace reader checks it is one); anything else by its text. */
function ref(referenceId: unknown): number | string {
  return typeof referenceId === 'number' ? referenceId : String(referenceId);
}
