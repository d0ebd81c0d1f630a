import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ADAPTER_KINDS, STIMULUS_KINDS } from '../../src/adapters/index.ts';
import { PROTOCOL_IDS, ROLE_SPELLINGS } from '../../src/catalog/registry.ts';
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
    'flowcert.config.yaml:5:11 error CONFIG_UNKNOWN_KIND participants.Agent1\'s desktop.kind: unknown adapter kind "procss"\n    expected: one of reference, remote, process, browser, replay\n    hint: did you mean process?',
    'flowcert.config.yaml:7:5 error CONFIG_MISSING_KEY participants.URS has no command\n    expected: command: the program to run, e.g. node',
    'flowcert.config.yaml:2:3 error CONFIG_UNKNOWN_ROLE unknown role Interaction Servr\n    expected: one of InteractionServer, StatServer, URS, TServer, IVRServer, IVR, AgentApplication, MediaServer, ActionsObserver\n    hint: did you mean Interaction Server?',
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

test("the configuration's JSON Schema lists the registry's roles and protocols, the adapter kinds and the stimuli", () => {
  assert.deepEqual([...schema.definitions.role.enum].sort(), Object.keys(ROLE_SPELLINGS).sort());
  assert.deepEqual([...schema.definitions.stimulus.enum].sort(), [...STIMULUS_KINDS].sort());
  assert.deepEqual([...schema.definitions.protocol.enum].sort(), [...PROTOCOL_IDS].sort());
  assert.deepEqual(schema.definitions.binding.oneOf.map((b: { properties: { kind: { const: string } } }) => b.properties.kind.const).sort(), [...ADAPTER_KINDS].sort());
  assert.equal(validate({ participants: { D: { kind: 'process' } } }), false, 'a process binding without command must not validate');
  assert.equal(validate({ roles: { Bogus: { kind: 'reference' } } }), false, 'an unknown role must not validate');
});

// Secrets (README, "Secrets"): which values of a configuration are, and that no diagnostic quotes one.

const loadIn = (text: string, env: Record<string, string>) => parseBindings(text, 'flowcert.config.yaml', '/project', env);

const SECRETIVE = `sut: { name: Acme, version: 2.3.1, password: sut-pass-1111, licence: { secret: LIC-2222 } }
participants:
  "Agent1's desktop":
    kind: process
    command: node
    args: [desk.mjs, --token, arg-tok-3333, "--api-key=arg-key-4444", { secret: explicit-5555 }, --mode, fast]
    env: { TOKEN: env-tok-6666, ACME_DB: "postgres://desk:url-pw-7777@db/acme", ACME_MODE: plain-value }
  IS1: { kind: reference, host: 0.0.0.0, token: "\${FLOWCERT_TOKEN}" }
  IS2: { kind: remote, endpoints: { im: "ws://10.0.0.2:7120/?token=remote-tok-8888" } }
`;

test('every secret of a configuration is listed, wherever it stands; other values are not', () => {
  const r = loadIn(SECRETIVE, { GITHUB_TOKEN: 'ghp-inherited-9999', FLOWCERT_TOKEN: 'is1-token-0123456789', PWD: '/project', PATH: '/usr/bin' });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual([...r.bindings!.secrets!].sort(), ['LIC-2222', 'arg-key-4444', 'arg-tok-3333', 'env-tok-6666', 'explicit-5555', 'ghp-inherited-9999', 'is1-token-0123456789', 'remote-tok-8888', 'sut-pass-1111', 'url-pw-7777'].sort());
  const b = r.bindings!;
  // Handed to the SUT as written: the explicit form is only a marking.
  assert.deepEqual((b.participants["Agent1's desktop"] as { args: string[] }).args, ['desk.mjs', '--token', 'arg-tok-3333', '--api-key=arg-key-4444', 'explicit-5555', '--mode', 'fast']);
  assert.deepEqual(b.sut, { name: 'Acme', version: '2.3.1', password: 'sut-pass-1111', licence: 'LIC-2222' });
  assert.equal((b.participants.IS1 as { token: string }).token, 'is1-token-0123456789');
  assert.deepEqual(validate(parse(SECRETIVE)) ? [] : validate.errors, []);
});

test('a secret in the wrong place is still kept out of the message that says so', () => {
  const r = loadIn(`participants:
  D: { kind: process, command: node, args: "desk.mjs --password pw-in-a-line-1234" }
  E: { kind: process, command: "node desk.mjs --token tok-in-command-5678" , args: [x, { secret: [a, b] }, { secret: ab }] }
`, {});
  assert.equal(r.bindings, undefined);
  const text = r.diagnostics.map(formatDiagnostic).join('\n');
  assert.ok(!text.includes('pw-in-a-line-1234'), text);
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [
    'flowcert.config.yaml:2:44 error CONFIG_WRONG_TYPE participants.D.args must be a list of arguments, found text "desk.mjs --password [secret]"\n    expected: a list of arguments',
    'flowcert.config.yaml:3:98 error CONFIG_WRONG_TYPE participants.E.args[1].secret must be the secret itself, text or a number, found a list\n    expected: the secret itself, text or a number',
    'flowcert.config.yaml:3:118 error CONFIG_SECRET_TOO_SHORT participants.E.args[2]: a secret must be at least 4 characters long, and not true, false or null\n    expected: a secret of 4 characters or more\n    hint: flowcert replaces a secret wherever it turns up in its reports; one this short would turn up inside unrelated text',
  ]);
});

test('a value named like a secret but too short to redact is said, as a warning that quotes nothing', () => {
  const r = loadIn(`participants:\n  D: { kind: process, command: node, env: { TOKEN_TTL: 60, USE_TOKEN: true } }\n`, {});
  assert.deepEqual(r.bindings?.secrets, []);
  assert.deepEqual(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`), [
    "warning CONFIG_SECRET_TOO_SHORT participants.D.env.TOKEN_TTL is named like a secret, but its value is under 4 characters (or true, false, null): it is not redacted from the reports",
  ]);
});

test('off loopback a reference server needs a token: said where host is, before anything listens; a token must be long enough and its variable set', () => {
  const r = loadIn(`participants:
  IS1: { kind: reference, host: 0.0.0.0 }
  IS2: { kind: reference, host: 192.168.1.20, port: 7120 }
  IS3: { kind: reference, token: too-short }
  IS4: { kind: reference, host: 10.0.0.5, token: "\${UNSET_TOKEN}" }
  IS5: { kind: reference, host: 127.0.0.2 }
  IS6: { kind: reference, host: localhost, token: a-long-enough-token-1 }
`, {});
  assert.equal(r.bindings, undefined);
  assert.deepEqual(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.code} ${d.message}`), [
    '2:33 CONFIG_TOKEN_REQUIRED participants.IS1.host 0.0.0.0 is not a loopback address: clients connecting from elsewhere must present a token, and this binding has none',
    '3:33 CONFIG_TOKEN_REQUIRED participants.IS2.host 192.168.1.20 is not a loopback address: clients connecting from elsewhere must present a token, and this binding has none',
    '4:34 CONFIG_WEAK_TOKEN participants.IS3.token must be at least 16 characters long: a client elsewhere could guess a shorter one',
    '5:50 CONFIG_UNSET_VARIABLE participants.IS4.token names ${UNSET_TOKEN}, which flowcert\'s environment does not set',
  ]);
  const required = r.diagnostics[0];
  assert.equal(required.expected, 'token: ${FLOWCERT_TOKEN} beside host (at least 16 characters), or host: 127.0.0.1');
  assert.equal(validate({ participants: { IS1: { kind: 'reference', host: '0.0.0.0' } } }), false, 'the schema says so too');
  assert.equal(validate({ participants: { IS1: { kind: 'reference', host: '0.0.0.0', token: '${FLOWCERT_TOKEN}' } } }), true);
  assert.equal(validate({ participants: { IS1: { kind: 'reference', host: '127.0.0.1' } } }), true);
});

test('a secret argument that names a variable is the value the process will get; a whole command line in command keeps its secret', () => {
  const r = loadIn(`participants:
  D:
    kind: process
    command: "acme-desktop --password cmd-pass-4321"
    env: { ACME_LOCAL: local-value-2468 }
    args: [--token, "\${ACME_KEY}", { secret: "\${ACME_LOCAL}" }, "--mode=\${ACME_MODE}"]
`, { ACME_KEY: 'key-from-env-1357', ACME_MODE: 'fast-mode' });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual([...r.bindings!.secrets!].sort(), ['cmd-pass-4321', 'key-from-env-1357', 'local-value-2468']);
});

// The browser adapter's options (README, "The browser adapter").
test('a browser binding: the reference page by default, a page file next to the configuration, a selector map checked key by key', () => {
  const ok = parseBindings('roles:\n  AgentApplication: { kind: browser }\n', 'flowcert.config.yaml', '/project', {});
  assert.deepEqual(ok.diagnostics, []);
  assert.equal(ok.bindings?.roles.AgentApplication?.kind, 'browser');
  assert.equal(validate(parse('roles:\n  AgentApplication: { kind: browser, selectors: { status: "#s-{media}" } }\n')), true);
  const text = [
    'roles:',
    '  AgentApplication:',
    '    kind: browser',
    '    page: no-such-page.html',
    '    capabilities: [login, accept, transfer]',
    '    selectors:',
    '      agent: "#agent"',
    '      acept: "#yes"',
    '      status: "#status"',
    '  URS: { kind: browser, page: reference }',
  ].join('\n');
  const r = parseBindings(text, 'flowcert.config.yaml', '/project', {});
  assert.equal(r.bindings, undefined);
  const got = r.diagnostics.map((d) => `${d.location?.line}:${d.code}`).sort();
  assert.deepEqual(got, ['10:CONFIG_BROWSER_ROLE', '4:CONFIG_NO_SUCH_PAGE', '5:CONFIG_BROWSER_CAPABILITY', '5:CONFIG_MISSING_SELECTOR', '5:CONFIG_MISSING_SELECTOR', '8:CONFIG_UNKNOWN_SELECTOR', '9:CONFIG_SELECTOR_NEEDS_MEDIA'].sort());
  assert.equal(r.diagnostics.find((d) => d.code === 'CONFIG_UNKNOWN_SELECTOR')?.hint, 'did you mean accept or agent?');
  assert.match(r.diagnostics.find((d) => d.code === 'CONFIG_MISSING_SELECTOR' && d.message.includes('login'))!.message, /claims login, and selectors has no place, login, loggedIn/);
  assert.equal(validate(parse(text)), false, 'an unknown selector must not validate against the schema either');
});
