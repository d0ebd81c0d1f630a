import assert from 'node:assert/strict';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { explain } from '../../src/flow/explain.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { MatchResult } from '../../src/flow/result.ts';
import type { InteractionServerOptions } from '../../src/servers/interaction-server/options.ts';
import { LagMonitor } from '../../src/session/lag-monitor.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import type { TraceMessage } from '../../src/trace/types.ts';
import { startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';

/**
 * The queue, workbin and pull models on real sockets: the Deliver cast (IS1 with workbin type Drafts,
 * Stat, Agent1 logged in as a1 at p1, MS1, URS1), recorded into a trace the way a session records one,
 * from after the cast's own startup.
 */
export interface RecordedCast {
  cast: DeliverCast;
  rec: TraceRecorder;
  /** Stops the lag monitor and the cast. */
  stop(): Promise<void>;
}

export async function recordedCast(server: InteractionServerOptions = {}): Promise<RecordedCast> {
  const rec = new TraceRecorder({ participants: [{ name: 'IS1', role: 'InteractionServer', binding: 'reference' }] });
  const cast = await startCast({ server: { workbins: ['Drafts'], ...server } });
  const observer = traceObserver(rec);
  for (const e of cast.obs.entries) if (e.type === 'participant') observer.participant!(e);
  cast.obs.next = observer;
  // Lag noted as a session notes it, so a timer the loaded machine fired late is judged as a run judges it.
  const lag = new LagMonitor({ now: () => rec.now(), record: (w) => rec.note({ kind: 'lag', text: `harness event loop lagged ${Math.round(w.lag)} ms`, data: { ...w } }) });
  lag.start();
  const stop = async () => {
    lag.stop();
    await cast.stop();
  };
  return { cast, rec, stop };
}

/** Submits an email interaction to queue inbound and waits until URS has been offered it. */
export async function submitted(cast: DeliverCast): Promise<string> {
  const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
  await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
  return id;
}

const models = new Map<string, FlowModel>();

export async function check(model: string, variant: string, rec: TraceRecorder, timers: Record<string, number> = {}): Promise<MatchResult> {
  let m = models.get(model);
  if (!m) {
    const loaded = await loadModel(`scenarios/${model}.yaml`);
    assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
    m = loaded.model!;
    models.set(model, m);
  }
  return matchTrace(m, rec.close(), { variant, timers });
}

export function expectVerdict(result: MatchResult, verdict: 'pass' | 'fail'): void {
  assert.equal(result.verdict, verdict, explain(result));
}

/** A pass, or an inconc that the lag this run measured explains (a timer fired late on a loaded machine) — never a fail. */
export function expectPassUnlessLagged(result: MatchResult): void {
  if (result.verdict === 'inconc') assert.match(explain(result), /harness overloaded/, explain(result));
  else assert.equal(result.verdict, 'pass', explain(result));
}

/** The messages recorded so far, as `from → to Message`. */
export function flow(rec: TraceRecorder): string[] {
  return messages(rec).map((m) => `${m.from} → ${m.to} ${m.message}`);
}

export function messages(rec: TraceRecorder): TraceMessage[] {
  return rec.snapshot().entries.filter((e): e is TraceMessage => e.type === 'message');
}
