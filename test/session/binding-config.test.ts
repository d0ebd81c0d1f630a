import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ADAPTER_KINDS, STIMULUS_KINDS } from '../../src/adapters/index.ts';
import { ROLE_SPELLINGS } from '../../src/catalog/registry.ts';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { parseBindings } from '../../src/session/binding-config.ts';

const schema = JSON.parse(readFileSync('schemas/flowcert-config.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);

function load(text: string) {
  return parseBindings(text, 'flowcert.config.yaml', '/project', { PATH: '/usr/bin' });
}

const GOOD = `# a desktop under test, an external Interaction Server, everyone else the reference
sut: { name: Acme Desktop, version: 2.3.1 }
participants:
  "Agent1's desktop":
    kind: process
    command: node
    args: [desktop.mjs, --verbose]
    env: { ACME_MODE: test }
    capabilities: [login, accept, reject, ignore, disconnect]
    startTimeoutMs: 5000
roles:
  Interaction Server:
    kind: remote
    endpoints: { im: "ws://127.0.0.1:7120/", tlib: "ws://127.0.0.1:7120/tlib" }
default:
  kind: reference
`;

test('a sound configuration binds by name, by role (any spelling) and by default', () => {
  const r = load(GOOD);
  assert.deepEqual(r.diagnostics, []);
  const b = r.bindings!;
  assert.deepEqual(b.sut, { name: 'Acme Desktop', version: '2.3.1' });
  assert.equal(b.participants["Agent1's desktop"].kind, 'process');
  assert.deepEqual((b.participants["Agent1's desktop"] as { args: string[] }).args, ['desktop.mjs', '--verbose']);
  assert.deepEqual(b.participants["Agent1's desktop"].capabilities, ['login', 'accept', 'reject', 'ignore', 'disconnect']);
  assert.equal(b.participants["Agent1's desktop"].at, 'flowcert.config.yaml:5:5');
  assert.deepEqual(Object.keys(b.roles), ['InteractionServer']);
  assert.equal(b.default?.kind, 'reference');
  assert.equal(b.dir, '/project');
  assert.deepEqual(validate(parse(GOOD)) ? [] : validate.errors, []);
});

test('an unknown role, an unknown kind and a missing command are reported together, each where it is', () => {
  const r = load(`roles:
  Interaction Servr: { kind: reference }
participants:
  Agent1's desktop:
    kind: procss
  URS:
    kind: process
    args: [urs.py]
`);
  assert.equal(r.bindings, undefined);
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'flowcert.config.yaml:5:11 error CONFIG_UNKNOWN_KIND participants.Agent1\'s desktop.kind: unknown adapter kind "procss"\n    expected: one of reference, remote, process, replay\n    hint: did you mean process?',
    'flowcert.config.yaml:7:5 error CONFIG_MISSING_KEY participants.URS has no command\n    expected: command: the program to run, e.g. node',
    'flowcert.config.yaml:2:3 error CONFIG_UNKNOWN_ROLE unknown role Interaction Servr\n    expected: one of InteractionServer, StatServer, URS, TServer, IVRServer, IVR, AgentApplication, MediaServer\n    hint: did you mean Interaction Server?',
  ]);
});

test('wrong shapes name the path and the valid values: capabilities, endpoints, faces, ports, replay outside default', () => {
  const r = load(`participants:
  D:
    kind: process
    command: node
    capabilities: [login, rejekt]
    control: maybe
  IS1:
    kind: remote
    endpoints: { im: "http://x/" }
  IS2:
    kind: reference
    port: 70000
  S:
    kind: replay
    traces: reports/traces
roles:
  InteractionServer:
    kind: remote
    endpoints: { imm: "ws://127.0.0.1:1/" }
  URS:
    kind: remote
stray: 1
`);
  const codes = r.diagnostics.map((d) => `${d.location?.line}:${d.code}`);
  assert.deepEqual(codes.sort(), [
    '14:CONFIG_REPLAY_NOT_DEFAULT',
    '19:CONFIG_UNKNOWN_FACE',
    '21:CONFIG_MISSING_KEY',
    '22:CONFIG_UNKNOWN_KEY',
    '5:CONFIG_UNKNOWN_CAPABILITY',
    '6:CONFIG_WRONG_TYPE',
    '9:CONFIG_BAD_URL',
    '12:CONFIG_WRONG_TYPE',
  ].sort());
  const cap = r.diagnostics.find((d) => d.code === 'CONFIG_UNKNOWN_CAPABILITY')!;
  assert.equal(cap.hint, 'did you mean reject?');
  const face = r.diagnostics.find((d) => d.code === 'CONFIG_UNKNOWN_FACE')!;
  assert.equal(face.expected, 'one of im, tlib');
});

test('malformed YAML is a positioned error and nothing else is judged', () => {
  const r = load('participants:\n  D: { kind: process\n');
  assert.equal(r.bindings, undefined);
  assert.equal(r.diagnostics[0].code, 'CONFIG_YAML_SYNTAX');
  assert.equal(r.diagnostics[0].location?.line, 3);
});

test('an empty file binds nothing: every participant is the reference', () => {
  const r = load('');
  assert.deepEqual(r.bindings?.participants, {});
  assert.equal(r.bindings?.default, undefined);
});

test("the configuration's JSON Schema lists the registry's roles, the adapter kinds and the stimuli", () => {
  assert.deepEqual([...schema.definitions.role.enum].sort(), Object.keys(ROLE_SPELLINGS).sort());
  assert.deepEqual([...schema.definitions.stimulus.enum].sort(), [...STIMULUS_KINDS].sort());
  assert.deepEqual(schema.definitions.binding.oneOf.map((b: { properties: { kind: { const: string } } }) => b.properties.kind.const).sort(), [...ADAPTER_KINDS].sort());
  assert.equal(validate({ participants: { D: { kind: 'process' } } }), false, 'a process binding without command must not validate');
  assert.equal(validate({ roles: { Bogus: { kind: 'reference' } } }), false, 'an unknown role must not validate');
});
