import type { Session } from '../session/session.ts';

/**
 * Whether the run was interrupted (Ctrl-C, SIGTERM), process-wide, and the scenario sessions alive in
 * this process. Cucumber's runCucumber cannot be aborted, so an interrupt is a state the run goes on
 * through: the running scenario's session is interrupted at once (its waits end, the step ends as
 * interrupted, its participants are stopped urgently, its trace gets an `interrupted` footer), every
 * later scenario is skipped by the Before hook, and cucumber then ends as usual and writes its reports.
 *
 * One module both sides import: `flowcert run` sets it in its own process (src/cli/run-interrupt.ts,
 * which also serves serial runs, whose scenarios run in that process), and a --parallel worker sets it
 * in its (src/cli/cucumber-worker.ts); the hooks read it. It touches no `process`: who listens to
 * signals is src/cli's business.
 */
export class RunInterruption {
  private controller = new AbortController();
  private readonly live = new Set<Session>();

  /** Aborted, with the reason as its reason, when the run is interrupted: every session listens to it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run was interrupted (`SIGINT`, `SIGTERM`, …), or undefined while it runs on. */
  get reason(): string | undefined {
    return this.controller.signal.aborted ? String(this.controller.signal.reason) : undefined;
  }

  /** Interrupts the run; the first reason stays. */
  interrupt(reason: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /** A new run in this process, not interrupted (tests run `flowcert run` several times in one process). */
  reset(): void {
    this.controller = new AbortController();
    this.live.clear();
  }

  /** For the hooks: a scenario's session, from its creation until it has been disposed of. */
  track(session: Session): void {
    this.live.add(session);
  }

  untrack(session: Session): void {
    this.live.delete(session);
  }

  /**
   * Disposes of every live session — urgently, when the run was interrupted — waiting at most ms: for a
   * worker whose coordinator is gone, which must leave now and leave nothing running.
   */
  async settle(ms: number): Promise<void> {
    const all = Promise.all([...this.live].map((s) => s.dispose().catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** The process exits this instant: every live session ends what would outlive it and seals its trace, synchronously. */
  abandon(): void {
    for (const s of this.live) s.abandon();
    this.live.clear();
  }
}

export const runInterruption = new RunInterruption();
