import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { loadIvrConfig, parseIvrConfig } from '../../src/session/ivr-config.ts';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';

const schema = JSON.parse(readFileSync('schemas/ivr-config.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

test('the features\' IVR configuration loads, and its JSON Schema accepts it', async () => {
  const r = await loadIvrConfig('features/ivr/ivr-config.yaml');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.config?.ivrs.IVR1.ports['01'], { dn: '8001' });
  assert.deepEqual(r.config?.ivrs.IVR1.configOptions, { greeting: 'welcome', 'max-retries': 3 });
  assert.deepEqual(r.config?.tservers.TS1, { switch: 'SIP_Switch', routePoints: ['5000'] });
  assert.equal(validate(parse(readFileSync('features/ivr/ivr-config.yaml', 'utf8'))), true, JSON.stringify(validate.errors));
});

test('every problem at once, each with file:line:col, what was expected and a hint', () => {
  const text = ['tservers:', '  TS1: { switch: S }', 'ivrs:', '  IVR1:', '    tserver: [TS1]', '    ports:', '      "01": { dn: "5001" }', '  IVR2:', '    tservers: [TS9]', '    ports:', '      "01": { dn: "5001" }', '    configOptions: { a: [1] }', ''].join('\n');
  const r = parseIvrConfig(text, 'ivr.yaml');
  assert.equal(r.config, undefined);
  const shown = r.diagnostics.map(formatDiagnostic);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['IVRCONFIG_UNKNOWN_KEY', 'IVRCONFIG_UNKNOWN_TSERVER', 'IVRCONFIG_DUPLICATE_DN', 'IVRCONFIG_WRONG_TYPE'], shown.join('\n'));
  assert.match(shown[0], /^ivr\.yaml:5:5 error IVRCONFIG_UNKNOWN_KEY unknown key tserver in IVR IVR1[\s\S]*hint: did you mean tservers\?/);
  assert.match(shown[1], /^ivr\.yaml:9:16 .*T-Server TS9[\s\S]*expected: one of TS1/);
  assert.match(shown[2], /^ivr\.yaml:11:19 .*DN 5001 of port 01 of IVR IVR2 is already port 01 of IVR IVR1/);
  assert.match(shown[3], /^ivr\.yaml:12:25 .*configOption a must be text or a whole number/);
  assert.equal(validate(parse(text)), false, 'the schema refuses it too');
});

test('a missing file is named, with a hint', async () => {
  const r = await loadIvrConfig('features/ivr/nope.yaml');
  assert.equal(r.diagnostics[0].code, 'IVRCONFIG_NO_SUCH_FILE');
  assert.match(r.diagnostics[0].message, /nope\.yaml/);
});
