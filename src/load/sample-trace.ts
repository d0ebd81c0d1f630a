import type { Trace, TraceEntry, TraceMessage } from '../trace/types.ts';
import { interactionOf } from './deliver-steps.ts';

/**
 * The part of a load run's trace the sampled instances need, kept as it is recorded so a long run is
 * never held whole in memory: every message naming a sampled interaction, every answer to a request
 * kept (same connection and referenceId: an EventAck names no interaction), and every note (participants,
 * lag, timers — few, and the matcher reads them). Messages of other interactions are left out: the
 * matcher correlates by interaction, so they could only ever belong to other instances.
 */
export class SampleTrace {
  private readonly entries: TraceEntry[] = [];
  private readonly sampled = new Set<string>();
  private readonly requests = new Set<string>();
  private readonly byInteraction = new Map<string, number[]>();

  /**
   * A trace someone else sampled (`flowcert serve --trace-sample`, the load run's own-process
   * Interaction Server): every interaction it names is the sample, every entry is kept.
   */
  static of(recorded: Trace): SampleTrace {
    const s = new SampleTrace();
    for (const e of recorded.entries) if (e.type === 'message') {
      const id = interactionOf(e);
      if (id !== undefined) s.sample(id);
    }
    for (const e of recorded.entries) s.offer(e);
    return s;
  }

  sample(interaction: string): void {
    this.sampled.add(interaction);
  }

  isSampled(interaction: string): boolean {
    return this.sampled.has(interaction);
  }

  get size(): number {
    return this.sampled.size;
  }

  offer(e: TraceEntry): void {
    if (e.type !== 'message') {
      this.entries.push(e);
      return;
    }
    const id = interactionOf(e);
    if (id !== undefined ? this.sampled.has(id) : this.answersKept(e)) {
      this.entries.push(e);
      if (e.referenceId !== undefined) this.requests.add(`${e.connection}#${e.referenceId}`);
      if (id !== undefined) {
        let seqs = this.byInteraction.get(id);
        if (!seqs) this.byInteraction.set(id, (seqs = []));
        seqs.push(e.seq);
      }
    }
  }

  private answersKept(e: TraceMessage): boolean {
    return e.referenceId !== undefined && this.requests.has(`${e.connection}#${e.referenceId}`);
  }

  /** A Trace of what was kept, under the run's header and footer. */
  trace(whole: Trace): Trace {
    return { ...whole, entries: this.entries, truncated: undefined };
  }

  /** The kept messages of one interaction (and the answers paired to them), for a failure's excerpt. */
  excerpt(interaction: string): TraceMessage[] {
    const seqs = new Set(this.byInteraction.get(interaction) ?? []);
    const refs = new Set<string>();
    const out: TraceMessage[] = [];
    for (const e of this.entries) {
      if (e.type !== 'message') continue;
      const mine = seqs.has(e.seq) || (interactionOf(e) === undefined && e.referenceId !== undefined && refs.has(`${e.connection}#${e.referenceId}`));
      if (!mine) continue;
      if (e.referenceId !== undefined) refs.add(`${e.connection}#${e.referenceId}`);
      out.push(e);
    }
    return out;
  }
}
