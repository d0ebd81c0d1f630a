import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './cli-kit.ts';

/** `flowcert lint` on a model that would lint clean before and never match: the error and the warning, with where and what to do. */

test('lint reports a correlate the opening step cannot bind (error) and a participant no step uses (warning)', async () => {
  assert.deepEqual(await cli(['lint', 'test/fixtures/cli/lint/media-server-submits.yaml']), {
    code: 1,
    stderr: '',
    stdout:
      'test/fixtures/cli/lint/media-server-submits.yaml:7:3 warning FLOW_PARTICIPANT_UNUSED participant urs is declared but no step sends or receives through it\n' +
      '    expected: a participant some step names in from or to\n' +
      "    hint: remove it, or name urs in a step's from or to\n" +
      'test/fixtures/cli/lint/media-server-submits.yaml:8:13 error FLOW_CORRELATE_UNBOUND correlate names interaction, which the opening step RequestSubmit (line 13) never binds: no instance can begin there\n' +
      '    expected: a capture the opening step binds (it binds none)\n' +
      '    hint: the opening step RequestSubmit carries no $interaction; correlate on a capture the first step binds, or drop correlate\n' +
      '1 file, 1 error, 1 warning\n',
  });
});

test('check refuses such a model before matching, naming the same error', async () => {
  const r = await cli(['check', 'test/fixtures/cli/traces/accepted.ndjson', '--model', 'test/fixtures/cli/lint/media-server-submits.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /media-server-submits\.yaml:8:13 error FLOW_CORRELATE_UNBOUND /);
});
