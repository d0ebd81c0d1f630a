import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FLOWCERT_SUITE_FILES } from '../../src/reporting/certificate-files.ts';

// A certificate lists flowcert's files its verdicts rest on: every protocol table and every step file,
// so a step or a catalog entry added later cannot change a verdict behind a certificate's back.

test('every protocol table of the catalog and every step file is among the files a certificate rests on', () => {
  const root = new URL('../../', import.meta.url);
  const expected = [
    ...readdirSync(new URL('src/catalog/protocols/', root)).filter((f) => f.endsWith('.ts')).map((f) => `flowcert:src/catalog/protocols/${f}`),
    ...readdirSync(new URL('steps/', root)).filter((f) => f.endsWith('.ts')).map((f) => `flowcert:steps/${f}`),
  ];
  const missing = expected.filter((f) => !FLOWCERT_SUITE_FILES.includes(f));
  assert.deepEqual(missing, []);
});
