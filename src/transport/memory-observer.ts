import type { WireBadFrame, WireEvent, WireMessage, WireObserver, WireParticipant } from './types.ts';

export type WireEntry =
  | ({ type: 'message' } & WireMessage)
  | ({ type: 'bad-frame' } & WireBadFrame)
  | ({ type: 'event' } & WireEvent)
  | ({ type: 'participant' } & WireParticipant);

/**
 * A WireObserver that keeps everything in memory, in order, and can fan out to another observer
 * (e.g. a recorder). For tests and tools that inspect the wire without a trace.
 */
export class MemoryObserver implements WireObserver {
  readonly entries: WireEntry[] = [];
  private listeners = new Set<(e: WireEntry) => void>();

  /** Another observer every entry is passed on to (e.g. a recorder); may be set later. */
  next: WireObserver | undefined;

  constructor(next?: WireObserver) {
    this.next = next;
  }

  message(e: WireMessage): void {
    this.push({ type: 'message', ...e });
    this.next?.message(e);
  }

  badFrame(e: WireBadFrame): void {
    this.push({ type: 'bad-frame', ...e });
    this.next?.badFrame(e);
  }

  event(e: WireEvent): void {
    this.push({ type: 'event', ...e });
    this.next?.event(e);
  }

  participant(e: WireParticipant): void {
    this.push({ type: 'participant', ...e });
    this.next?.participant?.(e);
  }

  messages(): WireMessage[] {
    return this.entries.filter((e): e is { type: 'message' } & WireMessage => e.type === 'message');
  }

  badFrames(): WireBadFrame[] {
    return this.entries.filter((e): e is { type: 'bad-frame' } & WireBadFrame => e.type === 'bad-frame');
  }

  events(): WireEvent[] {
    return this.entries.filter((e): e is { type: 'event' } & WireEvent => e.type === 'event');
  }

  /** Called after each entry; returns the unsubscribe function. */
  subscribe(listener: (e: WireEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(e: WireEntry): void {
    this.entries.push(e);
    for (const l of Array.from(this.listeners)) l(e);
  }
}
