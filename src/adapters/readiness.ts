import type { TraceRecorder } from '../trace/recorder.ts';
import { probeEndpoint } from '../transport/index.ts';
import type { Endpoints } from './adapter.ts';
import { AdapterError } from './adapter.ts';

/**
 * How the harness knows an external participant that speaks no control channel is ready: a server
 * listens on every endpoint it was bound with; a client has sent its first message on a connection the
 * harness records (it named itself, or connected with the URL the harness gave it).
 */
export async function waitUntilListening(endpoints: Endpoints, deadline: number, who: string, signal?: AbortSignal): Promise<void> {
  for (const [face, url] of Object.entries(endpoints)) {
    for (;;) {
      // A caller that stopped waiting (the process died) stops the probing too, instead of leaving it to run to the deadline.
      if (signal?.aborted) throw new AdapterError(`${who}: stopped waiting for its ${face} endpoint ${url}`);
      if (await probeEndpoint(url, Math.max(50, Math.min(1000, deadline - performance.now())))) break;
      if (performance.now() >= deadline) throw new AdapterError(`${who} never listened on its ${face} endpoint ${url} (waited until the start timeout)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export function waitUntilHeard(recorder: TraceRecorder, name: string, deadline: number, who: string, signal?: AbortSignal): Promise<void> {
  const heard = () => recorder.snapshot().entries.some((e) => (e.type === 'message' || e.type === 'bad-frame') && e.from === name);
  if (heard()) return Promise.resolve();
  const waitMs = Math.max(0, Math.round(deadline - performance.now()));
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener('abort', gaveUp);
    };
    const off = recorder.subscribe((e) => {
      if ((e.type === 'message' || e.type === 'bad-frame') && e.from === name) {
        done();
        resolve();
      }
    });
    const timer = setTimeout(() => {
      done();
      reject(new AdapterError(`${who} never connected: no message from ${name} reached the harness within ${waitMs} ms (it speaks no control channel, so the harness waits for its first message)`));
    }, waitMs);
    // A caller that stopped waiting (the process died) takes the timer and the subscription with it.
    const gaveUp = () => {
      done();
      reject(new AdapterError(`${who}: stopped waiting for its first message`));
    };
    signal?.addEventListener('abort', gaveUp, { once: true });
  });
}
