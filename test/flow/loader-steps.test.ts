import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ForEachStep, MessageStep, NeverStep, OneOfStep, RepeatStep, Step } from '../../src/flow/model.ts';
import { load, report, withSteps } from './loader-fixture.ts';

const RC = '{ from: urs, to: ixn, message: RequestRouteCall }';

function steps(...lines: string[]): Step[] {
  const r = load(withSteps(...lines));
  assert.deepEqual(r.diagnostics, []);
  return r.model!.phases.p.body.steps;
}

test('one-of: alternatives are sequences numbered <position>.<alternative>', () => {
  const [s] = steps(`- one-of:`, `    - [ ${RC} ]`, `    - [ ${RC}, ${RC} ]`) as [OneOfStep];
  assert.equal(s.kind, 'one-of');
  assert.deepEqual(
    s.alternatives.map((a) => [a.id, a.steps.map((x) => x.id)]),
    [
      ['p.1.1', ['p.1.1.1']],
      ['p.1.2', ['p.1.2.1', 'p.1.2.2']],
    ],
  );
});

test('repeat: times, or min/max with min 1 and max unbounded by default', () => {
  const [a, b, c] = steps(`- { repeat: [ ${RC} ], times: 3 }`, `- { repeat: [ ${RC} ] }`, `- { repeat: [ ${RC} ], min: 0, max: 2 }`) as RepeatStep[];
  assert.deepEqual([a.min, a.max, b.min, b.max, c.min, c.max], [3, 3, 1, null, 0, 2]);
  assert.deepEqual(a.body.steps.map((x) => x.id), ['p.1.1']);
});

test('for-each binds $variable to a participant of the list param role, so the direction is checked', () => {
  const [s] = steps('- for-each: server', '  in: servers', '  order: any', '  steps:', '    - { from: urs, to: $server, message: RequestRouteCall }') as [ForEachStep];
  assert.deepEqual([s.kind, s.variable, s.in, s.order], ['for-each', 'server', 'servers', 'any']);
  const inner = s.body.steps[0] as MessageStep;
  assert.deepEqual([inner.to, inner.message, inner.protocol], ['$server', 'RequestRouteCall', 'TLibrary']);
  assert.deepEqual(report(withSteps('- for-each: $server', '  in: servers', '  steps:', '    - { from: $server, to: urs, message: RequestRouteCall }')), [
    'm.yaml:22:48 error FLOW_WRONG_DIRECTION RequestRouteCall goes from URS to Interaction Server or T-Server, not from Interaction Server to URS\n    expected: from URS to Interaction Server or T-Server\n    hint: swap from and to',
  ]);
});

test('never: a window in ms, until a timer expires, or until the end', () => {
  const never = (w: string) => `- { never: { from: ixn, to: agent, message: EventRevoked }, window: ${w} }`;
  const got = steps(never('5000'), never('{ timer: delivering }'), never('{ timer: delivering, margin: 0 }'), never('end')) as NeverStep[];
  assert.deepEqual(got.map((s) => s.window), [
    { kind: 'ms', ms: 5000 },
    // No margin: the timer's tolerance, decided when the timer's value is known (timerTolerance).
    { kind: 'timer', timer: 'delivering' },
    { kind: 'timer', timer: 'delivering', margin: 0 },
    { kind: 'until-end' },
  ]);
});

test('within and after (with tolerance) become the step timing; notes are kept', () => {
  const [a, b] = steps(
    '- { id: start, from: urs, to: ixn, message: RequestRouteCall, within: 250, note: first }',
    '- { from: ixn, to: agent, message: EventRevoked, after: { timer: delivering, since: start, tolerance: 0 } }',
  ) as MessageStep[];
  assert.deepEqual([a.timing, a.note], [{ within: 250 }, 'first']);
  assert.deepEqual(b.timing, { after: { timer: 'delivering', since: 'start', tolerance: 0 } });
});

test('a step written with from/to but no message is a message step missing its message', () => {
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn }')), [
    'm.yaml:19:9 error FLOW_MISSING_KEY a message step has no message\n    expected: message: a message name of the catalog',
  ]);
});

test('step shape mistakes are reported word for word', () => {
  const cases: Array<[string[], string[]]> = [
    [['- just text'], ['m.yaml:19:9 error FLOW_WRONG_TYPE a step must be a mapping, found text "just text"\n    expected: a mapping']],
    [[`- [ ${RC} ]`], ['m.yaml:19:9 error FLOW_WRONG_TYPE a step must be a mapping, found a list\n    expected: a mapping\n    hint: a nested list is an alternative only inside one-of']],
    [
      ['- { message: RequestRouteCall, any-order: [] }'],
      ['m.yaml:19:38 error FLOW_NOT_A_STEP this step mixes message and any-order\n    expected: one kind of step per list item\n    hint: make them two items of the list'],
    ],
    [['- { note: hello }'], ['m.yaml:19:9 error FLOW_NOT_A_STEP this step has none of the keys that make a step\n    expected: one of message, any-order, one-of, optional, repeat, for-each, never']],
    [
      [`- { any_order: [ ${RC} ] }`],
      ['m.yaml:19:11 error FLOW_UNKNOWN_KEY unknown key any_order in a step\n    expected: one of message, any-order, one-of, optional, repeat, for-each, never\n    hint: did you mean any-order?'],
    ],
    [
      ['- { from: urs, to: ixn, mesage: RequestRouteCall }'],
      ['m.yaml:19:31 error FLOW_UNKNOWN_KEY unknown key mesage in a message step\n    expected: one of id, from, to, message, protocol, attributes, referenceId, violates, within, after, before, allowViolations, note\n    hint: did you mean message?'],
    ],
    [
      ['- { from: urs, to: ixn, message: RequestRouteCall, times: 3 }'],
      ['m.yaml:19:58 error FLOW_UNKNOWN_KEY unknown key times in a message step\n    expected: one of id, from, to, message, protocol, attributes, referenceId, violates, within, after, before, allowViolations, note\n    hint: times belongs to a repeat step'],
    ],
    [['- optional: []'], ['m.yaml:19:19 error FLOW_EMPTY_STEPS optional is an empty list\n    expected: a list of at least one step']],
    [
      ['- one-of:', `    - [ ${RC} ]`],
      ['m.yaml:20:11 error FLOW_ONE_OF_TOO_FEW one-of needs at least two alternatives, found 1\n    expected: a list of two or more alternatives, each a list of steps\n    hint: for a single alternative use optional:'],
    ],
    [
      ['- one-of:', `    - ${RC}`, `    - []`],
      [
        'm.yaml:20:13 error FLOW_WRONG_TYPE alternative 1 of one-of must be a list of steps, found a mapping\n    expected: a list of steps\n    hint: write each alternative as a list: - [ {...}, {...} ]',
        'm.yaml:21:13 error FLOW_EMPTY_STEPS alternative 2 of one-of is an empty list\n    expected: a list of at least one step',
      ],
    ],
    [[`- { repeat: [ ${RC} ], times: 0 }`], ['m.yaml:19:81 error FLOW_BAD_VALUE times must be a whole number of at least 1, found 0\n    expected: a whole number of at least 1']],
    [[`- { repeat: [ ${RC} ], times: 2, min: 1 }`], ['m.yaml:19:74 error FLOW_BAD_VALUE repeat takes times or min/max, not both\n    expected: times: N, or min: N and/or max: N']],
    [[`- { repeat: [ ${RC} ], min: 3, max: 2 }`], ['m.yaml:19:79 error FLOW_BAD_RANGE min 3 is greater than max 2\n    expected: min no greater than max\n    hint: swap them']],
    [
      [`- { id: p.2, from: urs, to: ixn, message: RequestRouteCall }`, `- ${RC}`],
      [
        'm.yaml:20:9 error FLOW_DUPLICATE_STEP_ID duplicate step id p.2\n    expected: an id used once in the file\n    hint: the first is at line 19, column 15; a step without id: is named by its phase and position',
      ],
    ],
  ];
  for (const [lines, expected] of cases) assert.deepEqual(report(withSteps(...lines)), expected, lines.join('\n'));
});

test('reference mistakes in steps are reported word for word', () => {
  const cases: Array<[string[], string[]]> = [
    [['- { from: urs, to: ixm, message: RequestRouteCall }'], ['m.yaml:19:26 error FLOW_UNKNOWN_PARTICIPANT unknown participant ixm\n    expected: one of urs, ixn, agent, stat\n    hint: did you mean ixn?']],
    [
      ['- { from: $ixn, to: agent, message: EventInvite }'],
      ['m.yaml:19:17 error FLOW_UNKNOWN_VARIABLE $ixn is not a for-each variable here\n    expected: a participant id (urs, ixn, agent, stat) or a for-each variable in scope\n    hint: write ixn without $'],
    ],
    [
      ['- for-each: a', '  in: agents', '  steps:', '    - { from: $a, to: ixn, message: RequestAccept }', '    - { from: $b, to: ixn, message: RequestAccept }'],
      [
        'm.yaml:22:21 error FLOW_PARAM_NO_ROLE $a stands for a value of param agents, which has no role\n    expected: param agents with a role, so $a is a participant\n    hint: add role: to param agents, e.g. role: InteractionServer',
        'm.yaml:23:21 error FLOW_UNKNOWN_VARIABLE $b is not a for-each variable here\n    expected: a participant id (urs, ixn, agent, stat) or a for-each variable in scope ($a)\n    hint: did you mean $a?',
      ],
    ],
    [
      ['- for-each: s', '  in: server', '  steps:', `    - ${RC}`],
      ['m.yaml:20:13 error FLOW_UNKNOWN_PARAM unknown param server\n    expected: one of servers, agents\n    hint: did you mean servers?'],
    ],
    [
      ['- for-each: 1x', '  in: queue', '  order: random', '  steps:', `    - ${RC}`],
      [
        'm.yaml:19:19 error FLOW_BAD_VALUE for-each variable 1x is not a name\n    expected: letters, digits or _, e.g. for-each: server',
        'm.yaml:20:13 error FLOW_PARAM_NOT_LIST param queue is a string, and for-each needs a list\n    expected: one of servers, agents',
        'm.yaml:21:16 error FLOW_BAD_VALUE order must be one of sequence, any, found text "random"\n    expected: one of sequence, any',
      ],
    ],
    [
      ['- { from: ixn, to: agent, message: EventRevoked, after: { timer: deliverin, since: x, tolerance: -1 } }'],
      [
        'm.yaml:19:72 error FLOW_UNKNOWN_TIMER unknown timer deliverin\n    expected: one of delivering\n    hint: did you mean delivering?',
        'm.yaml:19:90 error FLOW_UNKNOWN_STEP unknown step id x\n    expected: the id of a step in this file\n    hint: give the step that starts the timer an id:, and name it here',
        'm.yaml:19:104 error FLOW_BAD_TIMING tolerance must be a number of milliseconds, 0 or more, found the number -1\n    expected: a number of milliseconds, 0 or more',
      ],
    ],
    [
      ['- { id: invite, from: ixn, to: agent, message: EventInvite }', '- { from: ixn, to: agent, message: EventRevoked, after: { timer: delivering, since: invit } }'],
      ['m.yaml:20:91 error FLOW_UNKNOWN_STEP unknown step id invit\n    expected: the id of a step in this file\n    hint: did you mean invite?'],
    ],
    [
      ['- { from: urs, to: ixn, message: RequestRouteCall, within: 5s }'],
      ['m.yaml:19:66 error FLOW_BAD_TIMING within must be a positive number of milliseconds, found text "5s"\n    expected: a positive number of milliseconds\n    hint: write milliseconds as a plain number, e.g. 30000'],
    ],
    [
      ['- { never: { from: ixn, to: agent, message: EventRevoked }, window: forever }'],
      ['m.yaml:19:75 error FLOW_WRONG_TYPE window must be a number of milliseconds, { timer, margin? } or end, found text "forever"\n    expected: a number of milliseconds, { timer, margin? } or end'],
    ],
    [
      ['- { never: { from: ixn, to: agent, message: EventRevoked, within: 5 }, window: { timer: delivering, x: 2 } }'],
      [
        'm.yaml:19:65 error FLOW_UNKNOWN_KEY unknown key within in the never pattern\n    expected: one of from, to, message, protocol, attributes, referenceId',
        'm.yaml:19:107 error FLOW_UNKNOWN_KEY unknown key x in window\n    expected: one of timer, margin',
      ],
    ],
    [['- { never: { from: ixn, to: agent, message: EventRevoked } }'], ['m.yaml:19:9 error FLOW_MISSING_KEY a never step has no window\n    expected: window: a number of milliseconds, { timer, margin? } or end']],
  ];
  for (const [lines, expected] of cases) assert.deepEqual(report(withSteps(...lines)), expected, lines.join('\n'));
});

test('allowViolations: attribute-level codes a message step may carry; any other code is refused, with the ones that may', () => {
  const [s] = steps(`- { from: urs, to: ixn, message: RequestRouteCall, allowViolations: [NOT_IN_ENUM, MISSING_ATTRIBUTE] }`) as [MessageStep];
  assert.deepEqual(s.allowViolations, ['NOT_IN_ENUM', 'MISSING_ATTRIBUTE']);
  const bad = load(withSteps(`- { from: urs, to: ixn, message: RequestRouteCall, allowViolations: [NOT_JSON, NOT_IN_ENUMS] }`));
  assert.equal(bad.model, undefined);
  assert.deepEqual(
    bad.diagnostics.map((d) => [d.code, d.message, d.hint]),
    [
      ['FLOW_UNKNOWN_VIOLATION', 'NOT_JSON cannot be allowed on a message step', undefined],
      ['FLOW_UNKNOWN_VIOLATION', 'NOT_IN_ENUMS cannot be allowed on a message step', 'did you mean NOT_IN_ENUM?'],
    ],
  );
});
