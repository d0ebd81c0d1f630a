import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttrMatcher, MessageStep } from '../../src/flow/model.ts';
import { load, report, withSteps } from './loader-fixture.ts';

/** The matchers of one RequestRouteCall step (UserData and Extensions are kv, InteractionId text). */
function matchersOf(attrs: string): Record<string, AttrMatcher> {
  const r = load(withSteps(`- { from: urs, to: ixn, message: RequestRouteCall, attributes: ${attrs} }`));
  assert.deepEqual(r.diagnostics, []);
  return (r.model!.phases.p.body.steps[0] as MessageStep).attributes;
}

/** Diagnostics of a RequestRouteCall step whose attributes are `attrs` (the `{` is at line 19, column 81). */
function attrReport(attrs: string): string[] {
  return report(withSteps(`- { from: urs, to: ixn, message: RequestRouteCall, attributes: ${attrs} }`));
}

test('scalars are exact values; $$ escapes a literal $', () => {
  assert.deepEqual(matchersOf('{ InteractionId: abc, AgentId: "$$5", RouteType: Default }'), {
    InteractionId: { kind: 'exact', value: 'abc' },
    AgentId: { kind: 'exact', value: '$5' },
    RouteType: { kind: 'exact', value: 'Default' },
  });
});

test('$any, $absent and $name captures', () => {
  assert.deepEqual(matchersOf('{ InteractionId: $interaction, AgentId: $any, PlaceId: $absent }'), {
    InteractionId: { kind: 'capture', name: 'interaction' },
    AgentId: { kind: 'any' },
    PlaceId: { kind: 'absent' },
  });
});

test('$regex with $flags, $oneOf, $min/$max, and $capture with another matcher', () => {
  assert.deepEqual(
    matchersOf('{ InteractionId: { $regex: "^\\\\d+$", $flags: i }, RouteType: { $oneOf: [Default, Label] }, AgentId: { $capture: agent, $regex: "^a" } }'),
    {
      InteractionId: { kind: 'regex', source: '^\\d+$', flags: 'i' },
      RouteType: { kind: 'one-of', values: ['Default', 'Label'] },
      AgentId: { kind: 'capture', name: 'agent', then: { kind: 'regex', source: '^a', flags: '' } },
    },
  );
  const r = load(withSteps('- { from: agent, to: ixn, message: RequestAccept, attributes: { TicketId: { $min: 1 }, ProxyClientId: { $min: 0, $max: 5 } } }'));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual((r.model!.phases.p.body.steps[0] as MessageStep).attributes, {
    TicketId: { kind: 'range', min: 1 },
    ProxyClientId: { kind: 'range', min: 0, max: 5 },
  });
});

test('a plain mapping is a partial key-value list, $exact a complete one, a list an exact list', () => {
  assert.deepEqual(matchersOf('{ UserData: { Lang: en, $$Odd: $any }, Extensions: { $exact: { A: 1 } }, InteractionId: $any }'), {
    UserData: { kind: 'kv', exact: false, fields: { Lang: { kind: 'exact', value: 'en' }, $Odd: { kind: 'any' } } },
    Extensions: { kind: 'kv', exact: true, fields: { A: { kind: 'exact', value: 1 } } },
    InteractionId: { kind: 'any' },
  });
  const r = load(withSteps('- { from: ixn, to: stat, message: EventPartyAdded, attributes: { UserData: { Tags: [a, b] } } }'));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual((r.model!.phases.p.body.steps[0] as MessageStep).attributes.UserData, {
    kind: 'kv',
    exact: false,
    fields: { Tags: { kind: 'exact', value: ['a', 'b'] } },
  });
});

test('a referenceId matcher is kept on the step', () => {
  const r = load(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, referenceId: $ref }'));
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual((r.model!.phases.p.body.steps[0] as MessageStep).referenceId, { kind: 'capture', name: 'ref' });
});

const EXPECTED_ANY = 'a value, $any, $absent, $name, a nested mapping, or one of { $regex }, { $oneOf }, { $min, $max }, { $exact }, { $capture }';

test('matcher mistakes are reported word for word', () => {
  const cases: Array<[string, string[]]> = [
    ['{ InteractionId: }', [`m.yaml:19:87 error FLOW_BAD_MATCHER InteractionId has no value\n    expected: ${EXPECTED_ANY}\n    hint: write $any to accept any value`]],
    [
      '{ InteractionId: $regex }',
      [`m.yaml:19:87 error FLOW_BAD_MATCHER $regex is a matcher operator and needs a mapping\n    expected: ${EXPECTED_ANY}\n    hint: write InteractionId: { $regex: ... }`],
    ],
    [
      '{ InteractionId: $10 }',
      ['m.yaml:19:87 error FLOW_BAD_MATCHER $10 is not a capture name\n    expected: $ followed by letters, digits or _ (a capture), $any or $absent\n    hint: write $$10 for the literal text $10'],
    ],
    [
      '{ UserData: { $regex: a, Foo: 1 } }',
      [
        'm.yaml:19:95 error FLOW_BAD_MATCHER UserData mixes the matcher $regex with the key Foo\n    expected: either matcher operators ($regex, $oneOf, ...) or a nested key-value list\n    hint: nest the keys under $exact, or write $$ for a key that begins with $',
      ],
    ],
    [
      '{ InteractionId: { $regx: a } }',
      ['m.yaml:19:89 error FLOW_BAD_MATCHER unknown matcher $regx\n    expected: one of $regex, $flags, $oneOf, $min, $max, $exact, $capture\n    hint: did you mean $regex?'],
    ],
    ['{ InteractionId: { $flags: i } }', ['m.yaml:19:89 error FLOW_BAD_MATCHER $flags needs $regex\n    expected: { $regex: "...", $flags: "i" }']],
    [
      '{ InteractionId: { $regex: a, $oneOf: [a] } }',
      [
        'm.yaml:19:87 error FLOW_BAD_MATCHER InteractionId combines $regex and $oneOf; a matcher takes one of them\n    expected: one matcher, optionally with $capture\n    hint: split the check, or capture the value and check it in a later step',
      ],
    ],
    [
      '{ InteractionId: { $capture: 1a, $regex: a } }',
      ['m.yaml:19:99 error FLOW_BAD_MATCHER $capture must name a capture, found "1a"\n    expected: letters, digits or _, e.g. $capture: ticket'],
    ],
    ['{ InteractionId: { $oneOf: [] } }', ['m.yaml:19:97 error FLOW_BAD_MATCHER $oneOf of InteractionId lists no value\n    expected: a list of at least one value']],
    [
      '{ InteractionId: { $oneOf: x } }',
      ['m.yaml:19:97 error FLOW_WRONG_TYPE $oneOf of InteractionId must be a list of values, found text "x"\n    expected: a list of values'],
    ],
    [
      '{ InteractionId: { $regex: 5 } }',
      ['m.yaml:19:97 error FLOW_WRONG_TYPE $regex must be text (a regular expression), found the number 5\n    expected: text (a regular expression)\n    hint: quote it: "5"'],
    ],
    ['{ InteractionId: { $regex: a, $flags: [i] } }', ['m.yaml:19:108 error FLOW_WRONG_TYPE $flags must be text, e.g. "i", found a list\n    expected: text, e.g. "i"']],
    [
      '{ InteractionId: { $regex: "(" } }',
      [
        'm.yaml:19:97 error FLOW_BAD_REGEX $regex does not compile: Invalid regular expression: /(/: Unterminated group\n    expected: a JavaScript regular expression\n    hint: inside double quotes write \\\\ for one backslash, or use single quotes',
      ],
    ],
    [
      '{ InteractionId: { $regex: a, $flags: zz } }',
      [
        "m.yaml:19:108 error FLOW_BAD_REGEX $regex does not compile: Invalid flags supplied to RegExp constructor 'zz'\n    expected: a JavaScript regular expression\n    hint: inside double quotes write \\\\ for one backslash, or use single quotes",
      ],
    ],
    ['{ InteractionId: { $min: x } }', ['m.yaml:19:95 error FLOW_WRONG_TYPE $min of InteractionId must be a number, found text "x"\n    expected: a number']],
    ['{ InteractionId: { $exact: 5 } }', ['m.yaml:19:97 error FLOW_WRONG_TYPE $exact of InteractionId must be a mapping, found the number 5\n    expected: a mapping']],
  ];
  for (const [attrs, expected] of cases) assert.deepEqual(attrReport(attrs), expected, attrs);
});

test('$min greater than $max is reported at the range', () => {
  assert.deepEqual(report(withSteps('- { from: agent, to: ixn, message: RequestAccept, attributes: { TicketId: { $min: 5, $max: 1 } } }')), [
    'm.yaml:19:81 error FLOW_BAD_RANGE $min 5 is greater than $max 1\n    expected: $min no greater than $max\n    hint: swap them',
  ]);
});
