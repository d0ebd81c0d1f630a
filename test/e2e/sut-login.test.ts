import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { DELIVERY, ROOT, flowcert, project } from './run-kit.ts';

// A desktop under test that says it logged the agent in without waiting for the server, whose answer is
// an EventError (its TenantId is text): the login step reads the answer from the trace and fails there,
// quoting the server and the request's catalog error, rather than the flow check failing three steps
// later on a route to an agent the server does not know.

test('a SUT desktop whose login the server refused fails at the login step, saying why, exit 1', () => {
  const dir = project({ 'tiny.feature': DELIVERY });
  const desktop = join(ROOT, 'test', 'fixtures', 'standalone-desktop', 'desktop.mjs');
  writeFileSync(
    join(dir, 'flowcert.config.yaml'),
    ['sut: { name: Hasty Desktop, version: 0.1.0 }', 'participants:', '  "Agent1\'s desktop":', '    kind: process', `    command: ${JSON.stringify(process.execPath)}`, `    args: [${JSON.stringify(desktop)}, --mode, hasty-login]`, ''].join('\n'),
  );
  const r = flowcert(dir, ['features/tiny.feature:11', '--timer', 'delivering=200', '--no-allure']);
  const out = r.stdout + r.stderr;
  assert.equal(r.code, 1, out);
  assert.match(out, /"IS1" refused agent Agent1's login: EventError 53 .* \(seq \d+\) to "Agent1's desktop"'s RequestAgentLogin \(seq \d+\) at features\/tiny\.feature:8 \(is logged in\)/);
  assert.match(out, /WRONG_TYPE: RequestAgentLogin attribute TenantId is "101", expected an integer/);
  assert.match(out, /1 scenario \(1 failed\)/);
});
