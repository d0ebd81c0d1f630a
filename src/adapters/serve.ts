import { faceReachedBy, facesOf, ROLE_LABELS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { Redactor } from '../secrets/redactor.ts';
import { TraceRecorder } from '../trace/recorder.ts';
import { TraceSampler } from '../trace/trace-sampler.ts';
import type { Trace } from '../trace/types.ts';
import type { Endpoints, StartContext } from './adapter.ts';
import { AdapterError } from './adapter.ts';
import { runControlClient } from './control-client.ts';
import { referenceAdapter } from './reference/index.ts';
import type { Adapter } from './adapter.ts';
import type { FaultName, IvrConfiguration } from '../servers/index.ts';
import { traceObserver } from './trace-observer.ts';
import { desktopUrl, serveReferenceDesktop } from './web-desktop.ts';
import type { HttpFilesHandle } from '../transport/index.ts';

export interface ServedParticipant {
  name: string;
  role: Role;
  /** Default 0: a free port. */
  port?: number;
  faults?: FaultName[];
  /** An IVR Server's IVRs (`--ivr-config`); default: IVR1 with ports 01/02. */
  ivrConfiguration?: IvrConfiguration;
}

export interface ServeOptions {
  participants: ServedParticipant[];
  /** Default 127.0.0.1; anything but loopback needs a token. */
  host?: string;
  /** The access token clients present (`?token=`, or a first frame over TCP); never written to the trace. */
  token?: string;
  timers: Record<string, number>;
  /** The trace of everything served; null: none kept. */
  traceFile: string | null;
  /** Keep only every n-th interaction's messages in the trace (trace-sampler.ts); 1 or absent: all. */
  traceSample?: number;
  flowcertVersion: string;
  /** Run as a process SUT under a harness: the participant is built when the harness sends start. */
  control?: string;
  /** The reading of GenEM the served servers act out (`--profile`); under --control the harness's start says it instead. */
  profile?: string;
}

export interface ServeHandle {
  readonly participants: ReadonlyArray<{ name: string; role: Role; endpoints: Endpoints }>;
  readonly traceFile: string | null;
  /**
   * The reference web desktop, opened on the first served Interaction Server: a page a person uses as an
   * agent (README, "The reference web desktop"). Absent under --control, and when clients need a token.
   */
  readonly desktop?: string;
  /** Resolves when serving ends on its own (under --control: the harness said stop, or went away). */
  readonly ended: Promise<string>;
  /**
   * Stops every participant and closes the trace. Idempotent. `interruptedBy` (a signal's name): under
   * --control the harness did not ask — a Ctrl-C in a terminal reaches every process of the group — so
   * the trace is sealed first, where the signal came, with an `interrupted` footer: what the harness's
   * instances still waited for was cut, not withheld, and a check must not judge it as a complete trace.
   */
  stop(interruptedBy?: string): Promise<Trace>;
}

/**
 * `flowcert serve`: reference participants as standalone servers a third party can build against, or
 * one reference participant driven by a harness through the control channel. Records a trace of
 * everything it serves.
 */
export async function serve(opts: ServeOptions): Promise<ServeHandle> {
  // The endpoints noted in the trace carry the token, and a client may send it on the wire: redacted.
  // A long load run's Interaction Server would write every message; a sample is what its check reads.
  const sampler = opts.traceSample !== undefined && opts.traceSample > 1 ? new TraceSampler(opts.traceSample) : undefined;
  const redactor = new Redactor(opts.token !== undefined ? [opts.token] : []);
  const recorder = new TraceRecorder({ file: opts.traceFile, flowcertVersion: opts.flowcertVersion, meta: { served: opts.participants.map((p) => p.name), ...(opts.profile !== undefined ? { profile: opts.profile } : {}), ...(sampler ? { sample: `every ${opts.traceSample}th interaction` } : {}) }, keepInMemory: false, redactor });
  // As a run records its timers, so `flowcert check` judges the served trace by the timers it ran with.
  if (opts.control === undefined) {
    for (const [name, ms] of Object.entries(opts.timers)) recorder.note({ kind: 'timer', text: `timer ${name} = ${ms} ms (run override)`, data: { name, ms, source: 'run' } });
  }
  const whole = traceObserver(recorder);
  const observer: typeof whole = sampler ? { ...whole, message: (e) => void (sampler.keep({ connection: e.connection, referenceId: e.envelope.referenceId, attributes: e.envelope.attributes }) && whole.message(e)) } : whole;
  const context: Omit<StartContext, 'reach' | 'timers' | 'timerOverrides'> = {
    observer,
    recorder,
    attach: () => undefined,
    fail: (reason) => recorder.note({ kind: 'error', text: reason }),
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
  };
  const build = (p: ServedParticipant): Adapter =>
    referenceAdapter(p.name, p.role, { ...(opts.host ? { host: opts.host } : {}), ...(opts.token !== undefined ? { token: opts.token } : {}), ...(p.port !== undefined ? { port: p.port } : {}), ...(p.faults?.length ? { faults: p.faults } : {}), ...(p.ivrConfiguration ? { ivrConfiguration: p.ivrConfiguration } : {}) });
  const adapters: Adapter[] = [];
  let page: HttpFilesHandle | undefined;
  let stopping: Promise<Trace> | undefined;
  const stop = (interruptedBy?: string) =>
    (stopping ??= (async () => {
      if (interruptedBy !== undefined && opts.control !== undefined) {
        recorder.note({ kind: 'info', text: `interrupted by ${interruptedBy}, not stopped by the harness: the trace ends here`, data: { interrupted: interruptedBy } });
        recorder.close('interrupted');
      }
      await page?.close();
      for (const a of adapters.reverse()) await a.stop().catch(() => undefined);
      return recorder.close();
    })());

  if (opts.control !== undefined) {
    if (opts.participants.length !== 1) throw new AdapterError(`under --control, flowcert serve plays exactly one participant; it was given ${opts.participants.length}`);
    const p = opts.participants[0];
    recorder.addParticipant({ name: p.name, role: p.role, binding: 'reference', adapter: 'reference' });
    let endedWith!: (why: string) => void;
    const ended = new Promise<string>((resolve) => (endedWith = resolve));
    await runControlClient({
      url: opts.control,
      name: p.name,
      create: () => {
        const a = build(p);
        adapters.push(a);
        return a;
      },
      context,
      identity: { name: 'flowcert serve', version: opts.flowcertVersion },
      onEnd: endedWith,
    });
    return { participants: [{ name: p.name, role: p.role, endpoints: {} }], traceFile: opts.traceFile, ended, stop };
  }

  const served: { name: string; role: Role; endpoints: Endpoints }[] = [];
  try {
    for (const p of opts.participants) {
      if (Object.keys(facesOf(p.role)).length === 0) {
        throw new AdapterError(`${p.name} is a ${ROLE_LABELS[p.role]}, a client: it has nothing to serve on its own. Serve a server role (Interaction Server), or run a client under a harness with --control`);
      }
      const a = build(p);
      adapters.push(a);
      recorder.addParticipant({ name: p.name, role: p.role, binding: 'reference', adapter: 'reference' });
      // Timers typed on serve's command line are run overrides, as a run's --timer is: a reference server
      // takes them below its options' documented ranges (a fast demo, a fast test).
      // A served server that is itself a client of another (the IVR Server of a T-Server) reaches those served before it.
      const reach = served.filter((q) => faceReachedBy(p.role, q.role) !== undefined).map((q) => ({ name: q.name, role: q.role, endpoints: q.endpoints, record: false }));
      const endpoints = await a.start({ ...context, reach, timers: opts.timers, timerOverrides: Object.keys(opts.timers) });
      served.push({ name: p.name, role: p.role, endpoints });
      recorder.note({ kind: 'info', participant: p.name, text: `${p.name} listens on ${Object.entries(endpoints).map(([f, u]) => `${f} ${u}`).join(', ')}`, data: { endpoints } });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  // The page is served beside the servers, on their host; a token-guarded server would need the token in
  // the page's URL, which is printed: no page then.
  const first = served.find((p) => p.role === 'InteractionServer' && p.endpoints.im !== undefined);
  let desktop: string | undefined;
  if (first && opts.token === undefined) {
    try {
      page = await serveReferenceDesktop({ ...(opts.host ? { host: opts.host } : {}) });
      desktop = desktopUrl(`${page.origin}/index.html`, first.endpoints.im, "Agent1's desktop", { delivering: String(opts.timers.delivering ?? 30_000) });
    } catch (err) {
      await stop();
      throw new AdapterError(`cannot serve the reference web desktop: ${(err as Error).message}`);
    }
  }
  return { participants: served, traceFile: opts.traceFile, ...(desktop ? { desktop } : {}), ended: new Promise(() => undefined), stop };
}
