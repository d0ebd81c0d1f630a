import assert from 'node:assert/strict';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { explain } from '../../src/flow/explain.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { MatchResult } from '../../src/flow/result.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import type { DeliverCast } from './servers-fixture.ts';

/**
 * Matching what a cast of reference servers did against a model, the way a session does it: the cast's
 * MemoryObserver forwards into a TraceRecorder from the moment `record` is called (the cast's startup —
 * registration, login — is not under test), and the closed trace is matched.
 */

const models = new Map<string, FlowModel>();

export async function model(file: string): Promise<FlowModel> {
  const known = models.get(file);
  if (known) return known;
  const loaded = await loadModel(`scenarios/${file}.yaml`);
  assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
  models.set(file, loaded.model!);
  return loaded.model!;
}

export function record(cast: DeliverCast): TraceRecorder {
  const rec = new TraceRecorder({ participants: [{ name: 'IS1', role: 'InteractionServer', binding: 'reference' }] });
  const observer = traceObserver(rec);
  for (const e of cast.obs.entries) if (e.type === 'participant') observer.participant!(e);
  cast.obs.next = observer;
  return rec;
}

export async function matchRecorded(file: string, variant: string, rec: TraceRecorder): Promise<MatchResult> {
  return matchTrace(await model(file), rec.close(), { variant });
}

export function expectPass(result: MatchResult): void {
  assert.equal(result.verdict, 'pass', explain(result));
}

/** The fault fails the model, and the explanation names the step it breaks. */
export function expectFailNaming(result: MatchResult, names: RegExp): void {
  assert.equal(result.verdict, 'fail', explain(result));
  assert.match(explain(result), names);
}
