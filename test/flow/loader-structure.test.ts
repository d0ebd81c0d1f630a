import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, report } from './loader-fixture.ts';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

test('an empty file, or one with only comments, is not a model', () => {
  const expected = [
    'm.yaml:1:1 error FLOW_NOT_A_MODEL the file is empty\n    expected: a mapping with model, participants, phases and variants\n    hint: start from scenarios/deliver-interaction-to-agent.yaml',
  ];
  assert.deepEqual(report(''), expected);
  assert.deepEqual(report('# only a comment\n'), expected);
  assert.deepEqual(report(lines('- a', '- b')), ['m.yaml:1:1 error FLOW_WRONG_TYPE the file must be a mapping, found a list\n    expected: a mapping']);
});

test('missing top-level keys are all reported, with what they take', () => {
  assert.deepEqual(report(lines('model: X')), [
    'm.yaml:1:1 error FLOW_MISSING_KEY the file has no participants\n    expected: participants: a mapping of participant id to { role }',
    'm.yaml:1:1 error FLOW_MISSING_KEY the file has no phases\n    expected: phases: a mapping of phase id to { title, steps }',
    'm.yaml:1:1 error FLOW_MISSING_KEY the file has no variants\n    expected: variants: a mapping of variant id to { phases: [phase ids] }',
  ]);
});

test('a misspelt key is reported once, as unknown with a did-you-mean, not also as missing', () => {
  assert.deepEqual(report(lines('modle: X', 'participants: { u: { role: URS, nam: x } }', 'phases: { p: { title: P, stepz: [] } }', 'variants: { v: { phase: [p] } }')), [
    'm.yaml:1:1 error FLOW_UNKNOWN_KEY unknown key modle in the file\n    expected: one of model, source, description, participants, params, timers, unexpected, correlate, notes, phases, variants, default-profile, profiles\n    hint: did you mean model?',
    'm.yaml:2:33 error FLOW_UNKNOWN_KEY unknown key nam in participant u\n    expected: one of role, name, description\n    hint: did you mean name?',
    'm.yaml:3:26 error FLOW_UNKNOWN_KEY unknown key stepz in phase p\n    expected: one of title, steps, description\n    hint: did you mean steps?',
    'm.yaml:4:18 error FLOW_UNKNOWN_KEY unknown key phase in variant v\n    expected: one of phases, title, unexpected\n    hint: did you mean phases?',
  ]);
});

test('empty participants, phases, variants and variant phase lists are errors', () => {
  assert.deepEqual(report(lines('model: X', 'participants: {}', 'phases: {}', 'variants: {}')), [
    'm.yaml:2:15 error FLOW_EMPTY participants lists no participant\n    expected: at least one participant: id: { role: ... }',
    'm.yaml:3:9 error FLOW_EMPTY phases lists no phase\n    expected: at least one phase: id: { title, steps }',
    'm.yaml:4:11 error FLOW_EMPTY variants lists no variant\n    expected: at least one variant: id: { phases: [...] }',
  ]);
  assert.deepEqual(report(lines('model: X', 'participants: [urs]', 'phases: { p: { title: P, steps: [] } }', 'variants: { v: { phases: [] } }')), [
    'm.yaml:2:15 error FLOW_WRONG_TYPE participants must be a mapping of participant id to { role }, found a list\n    expected: a mapping of participant id to { role }',
    'm.yaml:3:33 error FLOW_EMPTY_STEPS steps is an empty list\n    expected: a list of at least one step',
    'm.yaml:4:26 error FLOW_EMPTY variant v lists no phase\n    expected: a list of phase ids: p',
  ]);
});

test('declaration mistakes: participant ids, roles, params, timers, variants, correlate, notes', () => {
  const text = lines(
    'model: X',
    'participants:',
    '  $u: { role: URS }',
    '  i: { role: Interaction Srever }',
    '  j: ixn',
    '  k: { role: [URS] }',
    'params:',
    '  a: { type: lst }',
    '  b: { type: string, role: URS }',
    '  c: { type: list, default: 5 }',
    'phases: { p: { title: [P], steps: [ { from: i, to: k, message: RequestRouteCall } ] } }',
    'variants: { v: { phases: [p, q], unexpected: maybe, title: T } }',
    'correlate: [nope]',
    'notes: [a, [b]]',
    'timers: { t: 0, u: [1] }',
  );
  assert.deepEqual(report(text), [
    'm.yaml:3:3 error FLOW_BAD_VALUE participant id $u must not begin with $\n    expected: a name such as ixn or agent\n    hint: in from and to, $name stands for a for-each variable',
    'm.yaml:4:14 error FLOW_UNKNOWN_ROLE unknown role Interaction Srever\n    expected: one of InteractionServer, StatServer, URS, TServer, IVRServer, IVR, AgentApplication, MediaServer, ActionsObserver\n    hint: did you mean Interaction Server?',
    'm.yaml:5:6 error FLOW_WRONG_TYPE participant j must be a mapping, found text "ixn"\n    expected: a mapping',
    'm.yaml:6:14 error FLOW_WRONG_TYPE the role of participant k must be a name, found a list\n    expected: a name',
    'm.yaml:8:14 error FLOW_BAD_VALUE the type of param a must be one of list, string, number, found text "lst"\n    expected: one of list, string, number\n    hint: did you mean list?',
    'm.yaml:9:22 error FLOW_BAD_VALUE param b has a role but is not a list\n    expected: role: only on a param of type list (a list of participants for for-each)\n    hint: write type: list',
    'm.yaml:10:29 error FLOW_WRONG_TYPE the default of param c must be a list, found the number 5\n    expected: a list',
    'm.yaml:11:23 error FLOW_WRONG_TYPE the title of phase p must be text, found a list\n    expected: text',
    'm.yaml:12:30 error FLOW_UNKNOWN_PHASE unknown phase q\n    expected: one of p\n    hint: did you mean p?',
    'm.yaml:12:46 error FLOW_BAD_VALUE unexpected must be one of ignore, fail, found text "maybe"\n    expected: one of ignore, fail',
    'm.yaml:13:13 error FLOW_UNCAPTURED_CORRELATE correlate names nope, which no message step captures\n    expected: a capture ($name) used in a message step\n    hint: capture it in a step, e.g. InteractionId: $nope',
    'm.yaml:14:12 error FLOW_WRONG_TYPE an item of notes must be text, found a list\n    expected: text',
    'm.yaml:15:14 error FLOW_BAD_TIMING timer t must be a positive number of milliseconds, found the number 0\n    expected: a positive number of milliseconds',
    'm.yaml:15:20 error FLOW_BAD_TIMING timer u must be a positive number of milliseconds, found a list\n    expected: a positive number of milliseconds',
  ]);
});

test('a reference to a declaration that is itself broken is not reported a second time', () => {
  const text = lines(
    'model: X',
    'participants: { u: { role: URS }, i: { role: Router } }',
    'timers: { t: 30s }',
    'params: { s: { type: lst } }',
    'phases:',
    '  p:',
    '    title: P',
    '    steps:',
    '      - { id: a, from: u, to: i, message: RequestRouteCall, after: { timer: t, since: a } }',
    '      - { for-each: x, in: s, steps: [ { from: u, to: i, message: RequestRouteCall } ] }',
    'variants: { v: { phases: [p] } }',
  );
  assert.deepEqual(
    load(text).diagnostics.map((d) => d.code),
    ['FLOW_UNKNOWN_ROLE', 'FLOW_BAD_TIMING', 'FLOW_BAD_VALUE'],
  );
});

test('roles accept the id, the GenEM label and the reporting-engine name', () => {
  const r = load(
    lines(
      'model: X',
      'participants: { a: { role: Interaction Server }, b: { role: Reporting Engine }, c: { role: T-Server }, d: { role: AgentApplication } }',
      'phases: { p: { title: P, steps: [ { from: a, to: b, message: EventAgentInvited } ] } }',
      'variants: { v: { phases: [p] } }',
    ),
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(Object.values(r.model!.participants).map((p) => p.role), ['InteractionServer', 'StatServer', 'TServer', 'AgentApplication']);
});

test('a correlate name with no step capturing it suggests a close capture', () => {
  const text = lines(
    'model: X',
    'participants: { u: { role: URS }, i: { role: InteractionServer } }',
    'correlate: [$interacton]',
    'phases: { p: { title: P, steps: [ { from: u, to: i, message: RequestRouteCall, attributes: { InteractionId: $interaction } } ] } }',
    'variants: { v: { phases: [p] } }',
  );
  assert.deepEqual(report(text), [
    'm.yaml:3:13 error FLOW_UNCAPTURED_CORRELATE correlate names interacton, which no message step captures\n    expected: one of interaction\n    hint: did you mean interaction?',
  ]);
});

test('malformed YAML gives every syntax error with its position, and nothing else', () => {
  assert.deepEqual(report(lines('a: [1, 2', 'b: 3', 'c:', '\t- 1')), [
    'm.yaml:2:1 error FLOW_YAML_SYNTAX malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n    expected: valid YAML\n    hint: line this up with the keys or items it belongs with',
    'm.yaml:4:1 error FLOW_YAML_SYNTAX malformed YAML: Tabs are not allowed as indentation\n    expected: valid YAML\n    hint: indent with spaces, not tabs',
  ]);
  assert.deepEqual(report(lines('a: 1', 'a: 2')), ['m.yaml:2:1 error FLOW_DUPLICATE_KEY duplicate key a\n    expected: each key once in a mapping\n    hint: remove or rename one of them']);
  assert.deepEqual(report(lines('a: 1', '---', 'b: 2')), [
    'm.yaml:2:1 error FLOW_YAML_SYNTAX malformed YAML: the file holds more than one YAML document\n    expected: valid YAML\n    hint: keep one model per file: remove the `---` separator or split the file',
  ]);
  assert.deepEqual(report(lines('a: "abc')), [
    'm.yaml:2:1 error FLOW_YAML_SYNTAX malformed YAML: Missing closing "quote\n    expected: valid YAML\n    hint: close the bracket or quote opened before this point',
  ]);
});

test('a syntax error without a specific hint still says what to do', () => {
  const ds = load(lines('a: b: c')).diagnostics;
  assert.deepEqual(ds.map((d) => [d.code, d.hint]), [['FLOW_YAML_SYNTAX', 'fix the YAML here; the model itself is checked once the file parses']]);
  assert.match(ds[0].message, /^malformed YAML: /);
});

test('an alias inside the node its anchor names is an error of the file, not endless recursion', () => {
  const text = lines(
    'model: M',
    'participants: { urs: { role: URS }, ixn: { role: InteractionServer } }',
    'phases:',
    '  p:',
    '    title: P',
    '    steps: &s',
    '      - { from: urs, to: ixn, message: RequestRouteCall }',
    '      - optional: *s',
    'variants: { v: { phases: [p] } }',
  );
  assert.deepEqual(report(text), [
    'm.yaml:8:19 error FLOW_RECURSIVE_ALIAS alias *s is inside the node its anchor &s names\n    expected: an alias to a node that does not contain it\n    hint: a list cannot contain itself: to say steps come again, use repeat:',
  ]);
  // An alias to a node elsewhere is fine: it stands for a copy.
  assert.deepEqual(report(text.replace('    steps: &s\n', '    steps:\n').replace('      - { from', '      - &s { from').replace('optional: *s', 'optional: [ *s ]')), []);
});

test('aliases that double at each level are refused before the loader walks what they expand to', () => {
  const levels = ['      - &a0 { from: urs, to: ixn, message: RequestRouteCall }'];
  for (let i = 1; i <= 20; i++) levels.push(`      - &a${i} { optional: [ *a${i - 1}, *a${i - 1} ] }`);
  const text = lines('model: M', 'participants: { urs: { role: URS }, ixn: { role: InteractionServer } }', 'phases:', '  p:', '    title: P', '    steps:', ...levels, 'variants: { v: { phases: [p] } }');
  assert.deepEqual(report(text), [
    'm.yaml:1:1 error FLOW_ALIAS_BLOW_UP aliases expand the file to 20971475 nodes, more than 100000\n' +
      '    expected: a model of at most 100000 nodes once each alias stands for what it names\n' +
      '    hint: an alias of a node holding aliases doubles it at each level: write the steps out, or use repeat:',
  ]);
});

test('non-text keys are reported', () => {
  assert.deepEqual(report(lines('{ 1: 2 }: x', 'model: X', 'participants: { u: { role: URS } }', 'phases: { p: { title: P, steps: [ { from: u, to: u, message: RequestRouteCall } ] } }', 'variants: { v: { phases: [p] } }')).slice(0, 1), [
    'm.yaml:1:1 error FLOW_WRONG_TYPE a key of the file must be a name, found a mapping\n    expected: a name',
  ]);
});

test('references when nothing is declared say where to declare it', () => {
  const text = lines(
    'model: X',
    'participants: { u: { role: URS }, i: { role: InteractionServer } }',
    'phases: { p: { title: P, steps: [ { from: u, to: i, message: RequestRouteCall, after: { timer: t } }, { for-each: x, in: xs, steps: [ { never: { to: i, message: RequestRouteCall }, window: end } ] } ] } }',
    'variants: { v: { phases: [p] } }',
  );
  assert.deepEqual(report(text), [
    'm.yaml:3:87 error FLOW_MISSING_KEY after has no since\n    expected: since: the id of the step that started the timer',
    'm.yaml:3:96 error FLOW_UNKNOWN_TIMER unknown timer t\n    expected: a timer declared under timers: (none is declared)\n    hint: declare it under timers:, e.g. t: 30000',
    'm.yaml:3:122 error FLOW_UNKNOWN_PARAM unknown param xs\n    expected: a list param declared under params: (none is declared)\n    hint: declare it under params:, e.g. xs: { type: list }',
    'm.yaml:3:144 error FLOW_MISSING_KEY the never pattern has no from\n    expected: from: a participant id',
  ]);
  assert.deepEqual(
    report(lines('model: X', 'participants: {}', 'phases: { p: { title: P, steps: [ { from: u, to: i, message: RequestRouteCall } ] } }', 'variants: { v: { phases: [p] } }')),
    [
      'm.yaml:2:15 error FLOW_EMPTY participants lists no participant\n    expected: at least one participant: id: { role: ... }',
      'm.yaml:3:43 error FLOW_UNKNOWN_PARTICIPANT unknown participant u\n    expected: a participant declared under participants:',
      'm.yaml:3:50 error FLOW_UNKNOWN_PARTICIPANT unknown participant i\n    expected: a participant declared under participants:',
    ],
  );
});

test('a quoted boolean, and for-each over a param that is not a list', () => {
  const text = lines(
    'model: X',
    'participants: { s: { role: StatServer }, i: { role: InteractionServer } }',
    'params: { q: { type: string } }',
    'phases: { p: { title: P, steps: [ { from: s, to: i, message: EventCurrentAgentStatus, protocol: Reporting, attributes: { DonotDisturb: "true" } }, { for-each: x, in: q, steps: [ { from: i, to: s, message: EventAgentLogin } ] } ] } }',
    'variants: { v: { phases: [p] } }',
  );
  assert.deepEqual(report(text), [
    'm.yaml:4:136 error FLOW_ATTRIBUTE_TYPE DonotDisturb of EventCurrentAgentStatus is true or false, found text "true"\n    expected: true or false\n    hint: remove the quotes: true',
    'm.yaml:4:167 error FLOW_PARAM_NOT_LIST param q is a string, and for-each needs a list\n    expected: a param of type list',
  ]);
});
