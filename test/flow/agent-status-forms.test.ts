import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { explain } from '../../src/flow/explain.ts';
import { parseModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { inlineModel } from '../../src/session/inline-model.ts';
import { protocolToName } from '../../src/session/trace-queries.ts';
import type { Trace, TraceMessage } from '../../src/trace/types.ts';
import { TraceScript } from '../fixtures/golden/trace-script.ts';

// EventCurrentAgentStatus relayed to the agent application comes in two conformant forms: Reporting —
// "the same event" the reporting engine sent, as seed 000's table lists it — and Interaction Management
// (reference §1.4, PSDK). The catalog takes both; a model says which it wants, or takes either with a
// one-of; "X reaches Y carrying" checks the form that came.

const PEOPLE = [
  { name: 'IS1', role: 'InteractionServer' as const, binding: 'reference' as const },
  { name: 'Stat1', role: 'StatServer' as const, binding: 'reference' as const },
  { name: 'Agent1', role: 'AgentApplication' as const, binding: 'reference' as const },
];
const STATUS = { AgentId: 'a1', PlaceId: 'p1', MediaStateList: { email: 1 }, DonotDisturb: false };

/** The reporting engine's status, relayed to the agent in `protocol`. */
function relayed(protocol: 'Reporting' | 'InteractionManagement'): Trace {
  const s = new TraceScript(PEOPLE);
  s.send(10, 'Stat1', 'IS1', 'Reporting', 'EventCurrentAgentStatus', STATUS);
  s.send(11, 'IS1', 'Agent1', protocol, 'EventCurrentAgentStatus', STATUS);
  return s.trace(100);
}

const header = `model: status
participants: { stat: { role: StatServer }, ixn: { role: InteractionServer }, agent: { role: AgentApplication } }
`;

function load(steps: string) {
  const r = parseModel(`${header}phases:\n  p:\n    title: P\n    steps:\n${steps}variants: { v: { phases: [p] } }\n`, 'm.yaml');
  return r;
}

test('both forms toward the agent application break no catalog rule', () => {
  for (const protocol of ['Reporting', 'InteractionManagement'] as const) {
    const toAgent = relayed(protocol).entries[1] as TraceMessage;
    assert.deepEqual(toAgent.violations, [], protocol);
  }
});

test('a model step that names no protocol is ambiguous toward the agent application, and says how to choose', () => {
  const r = load('      - { from: ixn, to: agent, message: EventCurrentAgentStatus }\n');
  assert.equal(r.model, undefined);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d)), [
    'm.yaml:7:42 error FLOW_AMBIGUOUS_MESSAGE EventCurrentAgentStatus from Interaction Server to Agent Application exists in Interaction Management and Reporting\n' +
      '    expected: protocol: InteractionManagement or protocol: Reporting\n' +
      '    hint: add protocol: to the step to say which one',
  ]);
});

test('a model that takes either form (one-of) passes for both; one that names a form fails the other', () => {
  const either = load(
    '      - { from: stat, to: ixn, message: EventCurrentAgentStatus, attributes: { AgentId: $agent } }\n' +
      '      - one-of:\n' +
      '          - - { from: ixn, to: agent, message: EventCurrentAgentStatus, protocol: Reporting, attributes: { AgentId: $agent } }\n' +
      '          - - { from: ixn, to: agent, message: EventCurrentAgentStatus, protocol: InteractionManagement, attributes: { AgentId: $agent } }\n',
  );
  assert.ok(either.model, either.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  const reportingOnly = load('      - { from: ixn, to: agent, message: EventCurrentAgentStatus, protocol: Reporting }\n');
  for (const protocol of ['Reporting', 'InteractionManagement'] as const) {
    const r = matchTrace(either.model!, relayed(protocol), { variant: 'v' });
    assert.equal(r.verdict, 'pass', `${protocol}: ${explain(r)}`);
  }
  assert.equal(matchTrace(reportingOnly.model!, relayed('Reporting'), { variant: 'v' }).verdict, 'pass');
  assert.equal(matchTrace(reportingOnly.model!, relayed('InteractionManagement'), { variant: 'v' }).verdict, 'fail');
});

test('"X reaches Y carrying" names the protocol of the message that came only where the direction leaves it open', () => {
  for (const protocol of ['Reporting', 'InteractionManagement'] as const) {
    const trace = relayed(protocol);
    const seen = trace.entries[1] as TraceMessage;
    assert.equal(protocolToName(trace, seen), protocol);
    assert.equal(protocolToName(trace, trace.entries[0] as TraceMessage), undefined, 'Stat Server → Interaction Server is Reporting only');
    const model = inlineModel([{ from: 'IS1', to: 'Agent1', message: 'EventCurrentAgentStatus', attributes: 'MediaStateList.email: 1', protocol: protocolToName(trace, seen) }], PEOPLE, 'features/x.feature:9');
    const r = matchTrace(model, trace, { variant: 'table' });
    assert.equal(r.verdict, 'pass', `${protocol}: ${explain(r)}`);
  }
});
