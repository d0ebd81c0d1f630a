import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { PROTOCOL_SPELLINGS, ROLE_SPELLINGS } from '../../src/flow/role-names.ts';

const SCHEMA_PATH = 'schemas/flow-model.schema.json';
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
const scenarioFiles = readdirSync('scenarios')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join('scenarios', f));

function errorsOf(model: unknown): string[] {
  return validate(model) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const VALID = {
  model: 'Tiny',
  participants: { urs: { role: 'URS' }, ixn: { role: 'Interaction Server' } },
  phases: { p: { title: 'P', steps: [{ from: 'urs', to: 'ixn', message: 'RequestRouteCall', attributes: { InteractionId: { $regex: '^x' } } }] } },
  variants: { v: { phases: ['p'] } },
};

function broken(edit: (m: any) => void): unknown {
  const m = structuredClone(VALID);
  edit(m);
  return m;
}

test('the scenarios directory holds at least the Deliver model', () => {
  assert.ok(scenarioFiles.includes(join('scenarios', 'deliver-interaction-to-agent.yaml')));
});

for (const file of scenarioFiles) {
  test(`${file} points the editor at the schema on its first line`, () => {
    const first = readFileSync(file, 'utf8').split('\n')[0];
    assert.equal(first, '# yaml-language-server: $schema=../schemas/flow-model.schema.json');
  });

  test(`${file} validates against the JSON Schema`, () => {
    assert.deepEqual(errorsOf(parse(readFileSync(file, 'utf8'))), []);
  });
}

test('a small valid model validates (so the rejections below are about the edit)', () => {
  assert.deepEqual(errorsOf(VALID), []);
});

test('the schema rejects broken models', () => {
  const cases: Array<[string, unknown]> = [
    ['no model name', broken((m) => delete m.model)],
    ['an unknown top-level key', broken((m) => (m.participant = {}))],
    ['an unknown role', broken((m) => (m.participants.urs.role = 'Router'))],
    ['a participant without role', broken((m) => delete m.participants.urs.role)],
    ['a step with an unknown key', broken((m) => (m.phases.p.steps[0].wihtin = 5))],
    ['a message step without to', broken((m) => delete m.phases.p.steps[0].to)],
    ['an unknown matcher operator', broken((m) => (m.phases.p.steps[0].attributes.InteractionId = { $regx: 'a' }))],
    ['$regex combined with $oneOf', broken((m) => (m.phases.p.steps[0].attributes.InteractionId = { $regex: 'a', $oneOf: ['a'] }))],
    ['$flags without $regex', broken((m) => (m.phases.p.steps[0].attributes.InteractionId = { $flags: 'i' }))],
    ['a one-of with one alternative', broken((m) => (m.phases.p.steps = [{ 'one-of': [[VALID.phases.p.steps[0]]] }]))],
    ['an empty steps list', broken((m) => (m.phases.p.steps = []))],
    ['a negative within', broken((m) => (m.phases.p.steps[0].within = -5))],
    ['unexpected: sometimes', broken((m) => (m.unexpected = 'sometimes'))],
    ['repeat with times and min', broken((m) => (m.phases.p.steps = [{ repeat: [VALID.phases.p.steps[0]], times: 2, min: 1 }]))],
    ['a never window that is a word other than end', broken((m) => (m.phases.p.steps = [{ never: { from: 'urs', to: 'ixn', message: 'X' }, window: 'forever' }]))],
    ['a variant with no phases', broken((m) => (m.variants.v.phases = []))],
  ];
  for (const [what, model] of cases) assert.notDeepEqual(errorsOf(model), [], `the schema accepted ${what}`);
});

test('the schema lists exactly the role and protocol spellings the loader accepts', () => {
  assert.deepEqual([...schema.definitions.role.enum].sort(), Object.keys(ROLE_SPELLINGS).sort());
  assert.deepEqual([...schema.definitions.protocol.enum].sort(), Object.keys(PROTOCOL_SPELLINGS).sort());
});

test('every property of the schema carries a description, so the editor explains what it completes', () => {
  const missing: string[] = [];
  const visit = (node: any, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (node.properties) {
      for (const [k, v] of Object.entries<any>(node.properties)) {
        const described = v.description || (v.$ref && describedRef(v.$ref));
        if (!described) missing.push(`${path}.${k}`);
        visit(v, `${path}.${k}`);
      }
    }
    for (const key of ['items', 'additionalProperties']) if (node[key]) visit(node[key], `${path}[]`);
    for (const key of ['anyOf', 'oneOf']) if (Array.isArray(node[key])) node[key].forEach((n: any, i: number) => visit(n, `${path}|${i}`));
  };
  const describedRef = (ref: string) => Boolean(schema.definitions[ref.replace('#/definitions/', '')]?.description);
  visit(schema, '');
  for (const [name, def] of Object.entries<any>(schema.definitions)) visit(def, `#${name}`);
  assert.deepEqual(missing, []);
});
