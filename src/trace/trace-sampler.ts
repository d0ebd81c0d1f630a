/** The interaction a message names: InteractionId, or Interaction.InteractionId (EventInvite). */
export function interactionOf(attributes: Record<string, unknown>): string | undefined {
  if (typeof attributes.InteractionId === 'string') return attributes.InteractionId;
  const nested = attributes.Interaction;
  if (nested && typeof nested === 'object' && typeof (nested as Record<string, unknown>).InteractionId === 'string') return (nested as Record<string, string>).InteractionId;
  return undefined;
}

/** What the sampler reads of a message: enough to tell its interaction and to pair an answer with its request. */
export interface SampledMessage {
  connection: string;
  referenceId?: number | string;
  attributes: Record<string, unknown>;
}

/**
 * Which messages a sampled trace keeps (`flowcert serve --trace-sample N`, a load run's Interaction
 * Server): every message of every N-th interaction, in the order the interactions first appear, and
 * every answer to a request kept (same connection and referenceId: an EventAck names no interaction).
 * Messages of other interactions are left out, and so are messages that name none and answer nothing
 * kept (logins): a model correlates by interaction, so they could only belong to other instances. A
 * request that names no interaction yet (RequestSubmit) is left out too — its interaction is known
 * only from the answer. Notes are the recorder's, and are all kept.
 */
export class TraceSampler {
  private seen = 0;
  private readonly decided = new Map<string, boolean>();
  private readonly requests = new Set<string>();

  constructor(private readonly every: number) {
    if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`a trace sample is every n-th interaction, n a whole number of at least 1; got ${every}`);
  }

  keep(m: SampledMessage): boolean {
    const id = interactionOf(m.attributes);
    const ref = m.referenceId !== undefined ? `${m.connection}#${m.referenceId}` : undefined;
    if (id === undefined) return ref !== undefined && this.requests.has(ref);
    let sampled = this.decided.get(id);
    if (sampled === undefined) {
      sampled = this.seen++ % this.every === 0;
      this.decided.set(id, sampled);
    }
    if (sampled && ref !== undefined) this.requests.add(ref);
    return sampled;
  }
}
