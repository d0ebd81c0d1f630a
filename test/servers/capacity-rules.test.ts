import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { parseCapacityRules } from '../../src/servers/stat-server/capacity-rules-file.ts';
import { formatVector, GENESYS_DEFAULT_RULE, ONE_OF_ANY_TYPE_RULE, vectorFor } from '../../src/servers/stat-server/capacity-rule.ts';
import type { CapacityRule } from '../../src/servers/stat-server/capacity-rule.ts';
import { ruleFor, settingsWith } from '../../src/servers/stat-server/capacity-settings.ts';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));
const v = (rule: CapacityRule, media: string, ready: boolean, c: Record<string, number>, dnd = false) => formatVector(vectorFor(rule, media, ready, counts(c), dnd));

test('the Genesys default rule: one voice only, nothing of any other media, nothing new while in any interaction (reference §5.1)', () => {
  assert.equal(v(GENESYS_DEFAULT_RULE, 'voice', true, {}), '[R 0 1 1]');
  assert.equal(v(GENESYS_DEFAULT_RULE, 'voice', true, { voice: 1 }), '[R 1 1 0]');
  assert.equal(v(GENESYS_DEFAULT_RULE, 'voice', true, { email: 1 }), '[R 0 0 0]');
  assert.equal(v(GENESYS_DEFAULT_RULE, 'email', true, {}), '[R 0 0 0]', 'an email-only agent is never routable');
  assert.equal(v(GENESYS_DEFAULT_RULE, 'voice', false, {}), '[NR 0 1 0]', 'the documentation\'s example [NR 0 1 0]');
});

test('Default_One_interaction_of_any_type_only, do-not-disturb, and a rule\'s cross-media conditions', () => {
  assert.equal(v(ONE_OF_ANY_TYPE_RULE, 'email', true, {}), '[R 0 1 1]');
  assert.equal(v(ONE_OF_ANY_TYPE_RULE, 'email', true, { chat: 1 }), '[R 0 0 0]');
  assert.equal(v(ONE_OF_ANY_TYPE_RULE, 'email', true, {}, true), '[R 0 1 0]');
  const chat3: CapacityRule = { name: 'c', origin: 't', media: { chat: { max: 3, blockedBy: { anyOf: { email: 1, voice: 1 } } }, email: { max: 2, blockedBy: { allOf: { chat: 1, voice: 1 } } } } };
  assert.equal(v(chat3, 'chat', true, { chat: 2 }), '[R 2 3 1]');
  assert.equal(v(chat3, 'chat', true, { chat: 1, email: 1 }), '[R 1 0 0]');
  assert.equal(v(chat3, 'email', true, { email: 1 }), '[R 1 2 1]', 'the documentation\'s example [R 1 2 1]');
  assert.equal(v(chat3, 'email', true, { chat: 1 }), '[R 0 2 2]', 'all-of: chat alone does not block');
  assert.equal(v(chat3, 'email', true, { chat: 1, voice: 1 }), '[R 0 0 0]');
  assert.equal(v(chat3, 'voice', true, {}), '[R 0 0 0]', 'a media the rule does not name gets nothing');
});

test('precedence: agent, then place, then agent group, then tenant, then the default rule', () => {
  const s = settingsWith({
    rules: [{ name: 'A', media: {}, origin: 't' }, { name: 'P', media: {}, origin: 't' }, { name: 'G', media: {}, origin: 't' }, { name: 'T', media: {}, origin: 't' }],
    assign: { agent: { a1: 'A' }, place: { p2: 'P' }, 'agent-group': { g: 'G' }, tenant: { '101': 'T' } },
    groups: { g: ['a1', 'a2', 'a3'] },
  });
  const who = (agentId: string, placeId: string, tenantId?: number) => ruleFor(s, { agentId, placeId, ...(tenantId !== undefined ? { tenantId } : {}) });
  assert.deepEqual([who('a1', 'p2', 101), who('a2', 'p2', 101), who('a3', 'p3', 101), who('a4', 'p4', 101), who('a4', 'p4')].map((c) => `${c.rule.name} via ${c.via}`), [
    'A via agent a1',
    'P via place p2',
    'G via agent-group g',
    'T via tenant 101',
    'Default via default',
  ]);
});

test('the example rule file loads; its rules and assignments are as written', () => {
  const file = 'features/capacity-rules/chat-up-to-3.yaml';
  const r = parseCapacityRules(readFileSync(file, 'utf8'), file);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(ruleFor(r.settings!, { agentId: 'Agent3', placeId: 'Place3', tenantId: 101 }).rule.name, 'Chat_up_to_3');
  assert.equal(ruleFor(r.settings!, { agentId: 'Agent1', placeId: 'Place1', tenantId: 101 }).rule.name, 'Default_One_interaction_of_any_type_only');
  assert.match(r.settings!.rules.get('Chat_up_to_3')!.origin, /^features\/capacity-rules\/chat-up-to-3\.yaml:4:3$/);
});

test('a rule file with several errors: every one reported at once, each with file:line:col, what was expected and a hint', () => {
  const text = [
    'rules:',
    '  Mine:',
    '    media:',
    '      chat: { max: -1, blocked-by: { any-off: { email: 1 } } }',
    '      email: { maxx: 1 }',
    '  Default: { media: { voice: { max: 2 } } }',
    'groups:',
    '  Team: Agent1',
    'assign:',
    '  agent: { Agent1: Mne }',
    '  person: { Agent2: Mine }',
    '  agent-group: { Nobody: Mine }',
    'options:',
    '  capacity-treat-acw-as-interaction: yes please',
    '',
  ].join('\n');
  const r = parseCapacityRules(text, 'rules.yaml');
  assert.equal(r.settings, undefined);
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.location!.line}:${d.location!.col} ${d.code}`),
    [
      '4:20 CAPACITY_BAD_NUMBER',
      '4:38 CAPACITY_UNKNOWN_KEY',
      '5:16 CAPACITY_UNKNOWN_KEY',
      '5:14 CAPACITY_MISSING_KEY',
      '6:3 CAPACITY_BUILT_IN_RULE',
      '8:9 CAPACITY_WRONG_TYPE',
      '11:3 CAPACITY_UNKNOWN_KEY',
      '10:20 CAPACITY_UNKNOWN_RULE',
      '12:18 CAPACITY_UNKNOWN_GROUP',
      '14:38 CAPACITY_WRONG_TYPE',
    ],
  );
  const text2 = r.diagnostics.map(formatDiagnostic).join('\n');
  assert.match(text2, /rules\.yaml:10:20 error CAPACITY_UNKNOWN_RULE assign\.agent\.Agent1 names rule Mne, which is not defined\n {4}expected: one of Default, Default_One_interaction_of_any_type_only, Mine\n {4}hint: did you mean Mine\?/);
  assert.match(text2, /unknown key person in assign[\s\S]*hint: did you mean/);
  assert.ok(r.diagnostics.every((d) => d.expected && d.hint));
});

test('malformed YAML is one positioned error, and an empty file is no rules at all', () => {
  const bad = parseCapacityRules('rules: { a: [ }\n', 'x.yaml');
  assert.equal(bad.diagnostics[0].code, 'CAPACITY_YAML_SYNTAX');
  assert.equal(bad.diagnostics[0].location!.file, 'x.yaml');
  const empty = parseCapacityRules('', 'e.yaml');
  assert.deepEqual(empty.diagnostics, []);
  assert.equal(ruleFor(empty.settings!, { agentId: 'a', placeId: 'p' }).rule.name, 'Default');
});
