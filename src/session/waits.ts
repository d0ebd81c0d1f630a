import type { TraceRecorder } from '../trace/recorder.ts';

/**
 * The two ways a scenario waits on time: a plain pause, and a wait for the trace's next entry. Both end
 * quietly when `signal` aborts (their timers cleared); the session turns that into an InterruptedError
 * and counts the time as waiting (Session.pause, Session.awaitEntry).
 */

/**
 * After a new trace entry, how long nextEntry() waits for the rest of its burst: a reference server
 * answers a request and tells every client concerned in one go, a millisecond or two on this machine.
 */
export const SETTLE_MS = 2;

/** Resolves after `ms`; on abort the timer is cleared and it never resolves (the session rejects instead). */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => clearTimeout(timer);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Resolves SETTLE_MS after the recorder's next entry (so the messages a SUT sends together are judged
 * together, not one re-match each), after at most `ms`, or when `signal` aborts.
 */
export function nextEntry(recorder: TraceRecorder, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      clearTimeout(settle);
      unsubscribe();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = recorder.subscribe(() => {
      unsubscribe();
      settle = setTimeout(done, SETTLE_MS);
    });
    signal.addEventListener('abort', done, { once: true });
  });
}
