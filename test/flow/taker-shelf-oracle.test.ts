import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../../src/catalog/types.ts';
import { InstanceRun } from '../../src/flow/instance-run.ts';
import { LagProfile } from '../../src/flow/lag.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel, UnexpectedPolicy } from '../../src/flow/model.ts';
import { StepProgram } from '../../src/flow/step-program.ts';
import type { Trace } from '../../src/trace/types.ts';
import { TraceBuilder, def, m, never } from './matcher-kit.ts';
import { rng } from '../../bench/synthetic-trace.ts';

// The shelf (taker-shelf.ts) changes no result: random traces of instances stuck before an EventAck
// step, with EventAcks to their agent (some breaking the catalog), forbidden EventRevokeds, a second
// instance, cut or ended traces, are checked as they are and with a lag note over the whole trace. The
// note turns the shelf off (lag may excuse a forbidden message for one taker and not another), and
// changes nothing else here: no step has a deadline, and no participant is stamped on receipt, so no
// lag can excuse anything. The two results must be the same, instance for instance.

const model = (windowMs: number, unexpected: UnexpectedPolicy): FlowModel =>
  def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }),
    m('ixn', 'agent', 'EventInvite', { Interaction: { InteractionId: '$i' } }),
    m('ixn', 'agent', 'EventAck'),
    never('ixn', 'agent', 'EventRevoked', { Interaction: { InteractionId: '$i' } }, { kind: 'ms', ms: windowMs }),
    never('ixn', 'stat', 'EventRevoked', { InteractionId: '$i' }, { kind: 'ms', ms: windowMs }),
  ], { correlate: ['i'], unexpected });

const broken = { code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'EventAck needs X' } as const;

function randomCase(seed: number): { model: FlowModel; plain: Trace; lagged: Trace } {
  const r = rng(seed);
  const windowMs = [30, 80, 200, 100_000][Math.floor(r() * 4)];
  const b = new TraceBuilder();
  let t = 0;
  const at = () => (t += 1 + Math.floor(r() * 40));
  const open = (id: string) => {
    b.msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: id }, { t: at() });
    b.msg('IS1', 'Agent1', 'EventInvite', { Interaction: { InteractionId: id } }, { t: at() });
  };
  open('A');
  const second = r() < 0.5 ? Math.floor(r() * 20) : -1;
  const acks = 5 + Math.floor(r() * 50);
  for (let k = 0; k < acks; k++) {
    if (k === second) open('B');
    b.msg('IS1', 'Agent1', 'EventAck', {}, { t: at(), ...(r() < 0.2 ? { violations: [broken] } : {}) });
    if (r() < 0.06) b.msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: r() < 0.7 ? 'A' : 'B' } }, { t: at() });
    if (r() < 0.03) b.msg('IS1', 'Stat1', 'EventRevoked', { InteractionId: 'A' }, { t: at() });
  }
  const end = r() < 0.5 ? t + Math.floor(r() * 300) : undefined;
  const plain = b.trace(end);
  // The note last, at the last message's time: no message's seq moves, nor a cut trace's end.
  const lagged = { ...plain, entries: [...plain.entries, { type: 'note' as const, seq: plain.entries.length + 1, t, kind: 'lag' as const, text: 'lag', data: { source: 'harness', from: 0, to: t, lag: 5, period: 10 } }] };
  return { model: model(windowMs, r() < 0.5 ? 'ignore' : 'fail'), plain, lagged };
}

const ROLE_OF = new Map<string, Role>([['URS1', 'URS'], ['IS1', 'InteractionServer'], ['Agent1', 'AgentApplication'], ['Stat1', 'StatServer']]);

/** The most takers interaction A's run shelved at once, fed the trace directly (EventAcks as broadcasts). */
function mostShelved(model: FlowModel, trace: Trace): number {
  const program = new StepProgram(model.variants.v.phases.map((id) => model.phases[id].body), new Map());
  const ctx = { model, program, entries: trace.entries, roleOf: ROLE_OF, pinned: {}, pinnedNames: new Set<string>(), timers: {}, origin: undefined, initialCaptures: {}, lag: LagProfile.of(trace) };
  const run = new InstanceRun(ctx, 0, trace.entries[0].t);
  let most = 0;
  trace.entries.forEach((e, i) => {
    if (e.type !== 'message' || JSON.stringify(e.attributes).includes('"B"')) return;
    run.feed(i, e, e.message !== 'EventAck');
    most = Math.max(most, run.shelved);
  });
  return most;
}

test('300 random traces: the result with takers shelved is the result without', () => {
  let shelvedCases = 0;
  const verdicts: Record<string, number> = {};
  for (let seed = 1; seed <= 300; seed++) {
    const c = randomCase(seed);
    const shelved = matchTrace(c.model, c.plain, { variant: 'v' });
    const all = matchTrace(c.model, c.lagged, { variant: 'v' });
    assert.deepEqual(shelved.instances, all.instances, `seed ${seed}`);
    assert.equal(shelved.verdict, all.verdict, `seed ${seed}`);
    assert.equal(mostShelved(c.model, c.lagged), 0, `seed ${seed}: shelved under the lag note`);
    if (mostShelved(c.model, c.plain) > 0) shelvedCases++;
    for (const i of shelved.instances) verdicts[i.verdict] = (verdicts[i.verdict] ?? 0) + 1;
  }
  // The cases must exercise the shelf and every verdict it could bend.
  assert.ok(shelvedCases >= 150, `${shelvedCases} of 300 cases shelved a taker`);
  for (const v of ['pass', 'fail', 'inconc']) assert.ok((verdicts[v] ?? 0) >= 10, `verdicts: ${JSON.stringify(verdicts)}`);
});
