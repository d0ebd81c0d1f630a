import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { Trace } from '../../src/trace/types.ts';
import { PARTICIPANTS, TraceBuilder, def, forEach, m } from './matcher-kit.ts';

/**
 * A run announces each participant as it starts it, so a trace cut short (no footer, or footer status
 * interrupted) may end before the participant a model needs joined: what the cut lost is inconc, never
 * an error. A complete trace without it was set up without it: still an error. A binding that
 * contradicts what the trace does show (a wrong role, a model participant that does not exist) is an
 * error even in a cut trace.
 */

const invited = () =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', { TicketId: '$ticket', Interaction: { InteractionId: '$i' } }),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$ticket', InteractionId: '$i' }),
  ], { correlate: ['i'] });

const NO_AGENT = PARTICIPANTS.filter((p) => p.role !== 'AgentApplication');
const HAS = 'it has URS1 (URS), IS1 (Interaction Server), Stat1 (Stat Server)';

function cut(trace: Trace, how: 'no footer' | 'interrupted' | 'complete' | 'no status'): Trace {
  if (how === 'no footer') return { header: trace.header, entries: trace.entries };
  const footer = { type: 'footer' as const, t: 50, entries: trace.entries.length, ...(how === 'no status' ? {} : { status: how }) };
  return { ...trace, footer };
}

test('a cut trace without a participant of a role the model needs is inconc, saying the cut may have lost it', () => {
  const t = new TraceBuilder(NO_AGENT).trace();
  const noFooter = matchTrace(invited(), cut(t, 'no footer'), { variant: 'v' });
  assert.equal(noFooter.verdict, 'inconc');
  assert.equal(explain(noFooter),
    `INCONC Test Model, variant v — the trace is cut short (it has no footer), so a participant the model needs may not have joined yet: the trace has no Agent Application participant for model participant 'agent'; ${HAS}`);
  assert.equal(noFooter.summary, `inconc: ${explain(noFooter).split(' — ')[1]}`);
  assert.deepEqual([noFooter.instances, noFooter.problems], [[], []]);
  const interrupted = matchTrace(invited(), cut(t, 'interrupted'), { variant: 'v' });
  assert.equal(interrupted.verdict, 'inconc');
  assert.match(interrupted.summary, /^inconc: the trace is cut short \(its footer says interrupted\), so a participant the model needs may not have joined yet: the trace has no Agent Application participant for model participant 'agent'/);
});

test('a complete trace without that participant stays an error: the run was set up without it', () => {
  const t = new TraceBuilder(NO_AGENT).trace();
  for (const how of ['complete', 'no status'] as const) {
    const r = matchTrace(invited(), cut(t, how), { variant: 'v' });
    assert.equal(r.verdict, 'error', how);
    assert.equal(r.summary, `error: the trace has no Agent Application participant for model participant 'agent'; ${HAS}`);
  }
});

test('a participant pinned by name that a cut trace does not have yet is inconc; one of the wrong role is still an error', () => {
  const model = invited();
  model.participants.agent.name = 'Agent1';
  const noAgent = new TraceBuilder(NO_AGENT).trace();
  assert.equal(matchTrace(model, cut(noAgent, 'interrupted'), { variant: 'v' }).verdict, 'inconc');
  assert.equal(matchTrace(model, cut(noAgent, 'complete'), { variant: 'v' }).verdict, 'error');
  // The trace shows Agent1 as a Stat Server: no later line can make that right.
  const wrongRole = new TraceBuilder([...NO_AGENT, { name: 'Agent1', role: 'StatServer' }]).trace();
  const r = matchTrace(model, cut(wrongRole, 'no footer'), { variant: 'v' });
  assert.equal(r.summary, "error: model participant 'agent' (Agent Application) is bound to 'Agent1', whose role in the trace is Stat Server");
});

test('a wrong binding after a participant the cut may have lost is still an error', () => {
  const model = invited();
  const t = new TraceBuilder(NO_AGENT).trace();
  const r = matchTrace(model, cut(t, 'no footer'), { variant: 'v', bindings: { participants: { stat: 'IS1' } } });
  assert.equal(r.summary, "error: model participant 'stat' (Stat Server) is bound to 'IS1', whose role in the trace is Interaction Server");
});

test('a for-each over the participants of a role a cut trace does not have yet is inconc; in a complete trace, an error', () => {
  const model = def(() => [forEach('a', 'agents', 'any', m('ixn', '$a', 'EventInvite', { TicketId: '$ticket' }))], {
    params: { agents: { type: 'list', role: 'AgentApplication' } },
  });
  const t = new TraceBuilder(NO_AGENT).trace();
  const r = matchTrace(model, cut(t, 'interrupted'), { variant: 'v' });
  assert.equal(r.summary, 'inconc: the trace is cut short (its footer says interrupted), so a participant the model needs may not have joined yet: the trace has no Agent Application participant for for-each a in agents');
  assert.equal(matchTrace(model, cut(t, 'complete'), { variant: 'v' }).summary, 'error: the trace has no Agent Application participant for for-each a in agents');
});

test('a timer with no value is an error in a cut trace too, even beside a participant the cut may have lost', () => {
  const model = def(() => [forEach('a', 'agents', 'any', m('ixn', '$a', 'EventInvite', {}, { timing: { within: 10 } }), m('ixn', '$a', 'EventRevoked', {}, { timing: { after: { timer: 'delivering', since: 'p.1' } } }))], {
    params: { agents: { type: 'list', role: 'AgentApplication' } },
  });
  const r = matchTrace(model, cut(new TraceBuilder(NO_AGENT).trace(), 'no footer'), { variant: 'v' });
  assert.equal(r.summary, "error: timer 'delivering' has no value: the model's timers do not define it and the run gives none");
});
