import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from './cli-kit.ts';

// lint and check as a user sees them, in-process through main(argv, io): what they print and their
// exit codes. test/e2e/cli.test.ts shows the bin hands main() the real process.

const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');

/** A user's project: scenarios/ with a good and a broken model, traces/ with recorded runs. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-cli-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'traces'));
  copyFileSync(join(FIXTURES, 'scenarios', 'accept-invite.yaml'), join(dir, 'scenarios', 'accept-invite.yaml'));
  copyFileSync(join(FIXTURES, 'broken', 'broken-invite.yaml'), join(dir, 'scenarios', 'broken-invite.yaml'));
  mkdirSync(join(dir, 'verdicts'));
  for (const m of ['no-revoke', 'per-ticket', 'timed-ack']) copyFileSync(join(FIXTURES, 'verdicts', `${m}.yaml`), join(dir, 'verdicts', `${m}.yaml`));
  for (const t of ['accepted', 'wrong-ticket', 'garbage']) copyFileSync(join(FIXTURES, 'traces', `${t}.ndjson`), join(dir, 'traces', `${t}.ndjson`));
  return dir;
}

/** The CLI in-process, in the project's folder. */
function flowcert(cwd: string, ...args: string[]) {
  return cli(args, cwd);
}

const BROKEN_LINT =
  'scenarios/broken-invite.yaml:4:18 error FLOW_UNKNOWN_ROLE unknown role AgentAplication\n' +
  '    expected: one of InteractionServer, StatServer, URS, TServer, IVRServer, IVR, AgentApplication, MediaServer, ActionsObserver\n' +
  '    hint: did you mean AgentApplication?\n' +
  'scenarios/broken-invite.yaml:9:42 error FLOW_UNKNOWN_MESSAGE unknown message EventInvit\n' +
  '    expected: a message name of the catalog\n' +
  '    hint: did you mean EventInvite (Interaction Management)?\n' +
  'scenarios/broken-invite.yaml:10:17 error FLOW_UNKNOWN_PARTICIPANT unknown participant agnt\n' +
  '    expected: one of ixn, agent\n' +
  '    hint: did you mean agent?\n' +
  'scenarios/broken-invite.yaml:10:64 error FLOW_BAD_TIMING within must be a positive number of milliseconds, found text "soon"\n' +
  '    expected: a positive number of milliseconds\n' +
  'scenarios/broken-invite.yaml:12:22 error FLOW_UNKNOWN_PHASE unknown phase ofer\n' +
  '    expected: one of offer\n' +
  '    hint: did you mean offer?\n';

test('lint checks scenarios/ by default and reports every error of a broken model with file:line:col', async () => {
  assert.deepEqual(await flowcert(project(), 'lint'), { code: 1, stdout: `${BROKEN_LINT}2 files, 5 errors, 0 warnings\n`, stderr: '' });
});

test('lint passes on good models; a path that does not exist is a usage error, and nothing is linted', async () => {
  const dir = project();
  assert.deepEqual(await flowcert(dir, 'lint', 'scenarios/accept-invite.yaml'), { code: 0, stdout: '1 file, 0 errors, 0 warnings\n', stderr: '' });
  assert.deepEqual(await flowcert(dir, 'lint', 'scenarios/accept-invite.yaml', 'models/'), {
    code: 2,
    stdout: '',
    stderr: 'error FLOW_NO_SUCH_FILE no such file or directory: models\n' +
      '    expected: a model file (.yaml or .yml) or a directory of them\n' +
      'flowcert lint: nothing linted — 1 path is not a flow model or a folder of them\n',
  });
  assert.deepEqual(await flowcert(dir, 'lint', 'scenarios/accept-invite.yml'), {
    code: 2,
    stdout: '',
    stderr: 'error FLOW_NO_SUCH_FILE no such file or directory: scenarios/accept-invite.yml\n' +
      '    expected: a model file (.yaml or .yml) or a directory of them\n' +
      '    hint: did you mean scenarios/accept-invite.yaml?\n' +
      'flowcert lint: nothing linted — 1 path is not a flow model or a folder of them\n',
  });
});

test('lint given a feature, or any file that is not YAML, is a usage error saying what lint checks and what checks features', async () => {
  const dir = project();
  mkdirSync(join(dir, 'features'));
  writeFileSync(join(dir, 'features', 'x.feature'), 'Feature: X\n  Scenario: Y\n    Given an Interaction Server "IS1"\n');
  writeFileSync(join(dir, 'notes.txt'), 'model: not really\n');
  const NOT_A_MODEL = (file: string, hint: string) =>
    `error FLOW_NOT_A_MODEL_FILE ${file} is not a flow model: lint checks flow models (*.yaml, *.yml) against the protocol catalog\n` +
    '    expected: a flow model file (.yaml or .yml) or a folder of them, such as scenarios/\n' +
    `    hint: ${hint}\n`;
  const FEATURE_HINT = 'features are checked by `flowcert run features/x.feature` before it runs anything (its steps, by a dry run)';
  assert.deepEqual(await flowcert(dir, 'lint', 'features/x.feature'), {
    code: 2,
    stdout: '',
    stderr: NOT_A_MODEL('features/x.feature', FEATURE_HINT) + 'flowcert lint: nothing linted — 1 path is not a flow model or a folder of them\n',
  });
  // Every bad path at once, beside good ones that are then not linted.
  assert.deepEqual(await flowcert(dir, 'lint', 'scenarios/accept-invite.yaml', 'features/x.feature', 'notes.txt'), {
    code: 2,
    stdout: '',
    stderr: NOT_A_MODEL('features/x.feature', FEATURE_HINT) +
      NOT_A_MODEL('notes.txt', 'models are YAML files, as in scenarios/; name it .yaml if it is one') +
      'flowcert lint: nothing linted — 2 paths are not a flow model or a folder of them\n',
  });
  // A folder is searched for models only: the feature beside them is not a model, nor a mistake.
  writeFileSync(join(dir, 'scenarios', 'x.feature'), 'Feature: X\n');
  assert.equal((await flowcert(dir, 'lint', 'scenarios/')).code, 1);
});

test('a for-each without in: or steps: is a model error of lint, with the file\'s other errors, not an internal error', async () => {
  const dir = project();
  writeFileSync(
    join(dir, 'scenarios', 'for-each.yaml'),
    [
      'model: For Each',
      'participants:',
      '  agent: { role: AgentApplication }',
      '  ixn: { role: InteractionServer }',
      'params:',
      '  servers: { type: list, role: InteractionServer }',
      'phases:',
      '  p:',
      '    title: P',
      '    steps:',
      '      - { for-each: s, steps: [ {from: agent, to: ixn, message: RequestAgentLogout} ] }',
      '      - { for-each: s, in: servers }',
      '      - { from: agent, to: ixn, message: RequestAgentLogot }',
      'variants:',
      '  v: { phases: [p] }',
      '',
    ].join('\n'),
  );
  assert.deepEqual(await flowcert(dir, 'lint', 'scenarios/for-each.yaml'), {
    code: 1,
    stdout: 'scenarios/for-each.yaml:11:9 error FLOW_MISSING_KEY a for-each step has no in\n' +
      '    expected: in: the name of a list param\n' +
      '    hint: the list params of this model: servers\n' +
      'scenarios/for-each.yaml:12:9 error FLOW_MISSING_KEY a for-each step has no steps\n' +
      '    expected: steps: the steps to run once per value\n' +
      '    hint: the steps each value runs, e.g. steps: [ { from: urs, to: $server, message: RequestRouteCall } ]\n' +
      'scenarios/for-each.yaml:13:42 error FLOW_UNKNOWN_MESSAGE unknown message RequestAgentLogot\n' +
      '    expected: a message name of the catalog\n' +
      '    hint: did you mean RequestAgentLogout (Interaction Management, T-Library) or RequestAgentLogin (Interaction Management, T-Library)?\n' +
      '1 file, 3 errors, 0 warnings\n',
    stderr: '',
  });
});

test('lint --format json prints the diagnostics as data', async () => {
  const r = await flowcert(project(), 'lint', '--format', 'json');
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { files: string[]; errors: number; warnings: number; diagnostics: Array<{ code: string; location: { file: string; line: number; col: number } }> };
  assert.deepEqual(out.files, ['scenarios/accept-invite.yaml', 'scenarios/broken-invite.yaml']);
  assert.equal(out.errors, 5);
  assert.deepEqual(out.diagnostics[1].location, { file: 'scenarios/broken-invite.yaml', line: 9, col: 42 });
  assert.deepEqual(out.diagnostics.map((d) => d.code), ['FLOW_UNKNOWN_ROLE', 'FLOW_UNKNOWN_MESSAGE', 'FLOW_UNKNOWN_PARTICIPANT', 'FLOW_BAD_TIMING', 'FLOW_UNKNOWN_PHASE']);
});

test('check exits 0 on a conforming trace and prints the explanation', async () => {
  assert.deepEqual(await flowcert(project(), 'check', 'traces/accepted.ndjson', '--model', 'scenarios/accept-invite.yaml'), {
    code: 0, stdout: 'PASS Accept Invite, variant accept — 1 of 1 instance passed\n', stderr: '',
  });
});

test('check exits 1 on a diverging trace and says which step and attribute differ, where', async () => {
  assert.deepEqual(await flowcert(project(), 'check', 'traces/wrong-ticket.ndjson', '--model', 'scenarios/accept-invite.yaml', '--variant', 'accept'), {
    code: 1,
    stdout: 'FAIL Accept Invite, variant accept — 1 of 1 instance failed\n' +
      '  the trace: wrong attributes in agent → ixn RequestAccept (Interaction Management)\n' +
      '    model step accept at scenarios/accept-invite.yaml:16:9\n' +
      '    seq 2 agent → ixn RequestAccept differs:\n' +
      '      TicketId: expected $ticket (= 7), got 8\n',
    stderr: '',
  });
});

test('check exits 3 when the verdict is inconc and 4 when it is error', async () => {
  const dir = project();
  assert.deepEqual(await flowcert(dir, 'check', 'traces/accepted.ndjson', '--model', 'verdicts/no-revoke.yaml'), {
    code: 3,
    stdout: 'INCONC Accept Without Revoke, variant accept — 1 of 1 instance inconclusive\n' +
      '  the trace: inconclusive — the trace ends 9 ms into a 60000 ms window of never ixn → agent EventRevoked\n',
    stderr: '',
  });
  assert.deepEqual(await flowcert(dir, 'check', 'traces/accepted.ndjson', '--model', 'verdicts/per-ticket.yaml'), {
    code: 4, stdout: 'ERROR Invite Each Ticket, variant offer — for-each ticket in tickets needs a list, and the param is not given\n', stderr: '',
  });
});

test('check --param gives a model param its value (JSON), --timer overrides a timer', async () => {
  const dir = project();
  const m = ['--model', 'verdicts/per-ticket.yaml'];
  assert.deepEqual(await flowcert(dir, 'check', 'traces/accepted.ndjson', ...m, '--param', 'tickets=[7]'), {
    code: 0, stdout: 'PASS Invite Each Ticket, variant offer — 1 of 1 instance passed\n', stderr: '',
  });
  assert.equal((await flowcert(dir, 'check', 'traces/accepted.ndjson', ...m, '--param', 'tickets=[8]')).code, 1);
  assert.deepEqual(await flowcert(dir, 'check', 'traces/accepted.ndjson', ...m, '--param', 'tickets=7'), {
    code: 2, stdout: '', stderr: 'flowcert check: --param tickets=7: tickets is a list; give a JSON array, e.g. --param \'tickets=["a","b"]\'\n',
  });
  assert.equal((await flowcert(dir, 'check', 'traces/accepted.ndjson', '--model', 'verdicts/timed-ack.yaml')).code, 1);
  assert.deepEqual(await flowcert(dir, 'check', 'traces/accepted.ndjson', '--model', 'verdicts/timed-ack.yaml', '--timer', 'answer=40'), {
    code: 0, stdout: 'PASS Timed Ack, variant accept — 1 of 1 instance passed\n', stderr: '',
  });
});

test('check --json prints the match result', async () => {
  const r = await flowcert(project(), 'check', 'traces/wrong-ticket.ndjson', '--model', 'scenarios/accept-invite.yaml', '--json');
  assert.equal(r.code, 1);
  const result = JSON.parse(r.stdout) as { verdict: string; variant: string; model: { file: string } };
  assert.deepEqual([result.verdict, result.variant, result.model.file], ['fail', 'accept', 'scenarios/accept-invite.yaml']);
});

test('check exits 2 on a bad trace or a bad model, with every problem', async () => {
  const dir = project();
  assert.deepEqual(await flowcert(dir, 'check', 'traces/garbage.ndjson', '--model', 'scenarios/accept-invite.yaml'), {
    code: 2,
    stdout: '',
    stderr: 'traces/garbage.ndjson:3:1 error TRACE_BAD_JSON line is not JSON (Unexpected token \'g\', "garbage" is not valid JSON): garbage\n' +
      '    expected: one JSON object per line (ndjson), as flowcert writes traces\n' +
      '    hint: was the file edited by hand or written by another tool? Traces come from flowcert runs (reports/traces/)\n' +
      'flowcert check: cannot check — the trace has errors\n',
  });
  assert.deepEqual(await flowcert(dir, 'check', 'traces/nope.ndjson', '--model', 'scenarios/broken-invite.yaml'), {
    code: 2,
    stdout: '',
    stderr: 'error TRACE_NO_SUCH_FILE no such trace file: traces/nope.ndjson\n' +
      '    hint: traces are written under reports/traces/ by `flowcert run`\n' +
      BROKEN_LINT +
      'flowcert check: cannot check — the trace and the model have errors\n',
  });
});

test('check exits 2 on usage errors, naming what is allowed', async () => {
  const dir = project();
  const m = ['--model', 'scenarios/accept-invite.yaml'];
  const t = 'traces/accepted.ndjson';
  const cases: Array<[string[], string]> = [
    [['check', ...m], 'flowcert check: missing the TRACE to check\n'],
    [['check', t], 'flowcert check: missing --model FILE, the flow model to check the trace against\n'],
    [['check', t, t, ...m], 'flowcert check: one TRACE at a time, got 2: traces/accepted.ndjson traces/accepted.ndjson\n'],
    [['check', t, ...m, '--variant', 'acept'], 'flowcert check: the model has no variant acept — did you mean accept?\n  variants: accept\n'],
    [['check', t, ...m, '--timer', 'delivering'], 'flowcert check: --timer delivering is not name=ms\n'],
    [['check', t, ...m, '--timer', 'delivring=5'],
      'flowcert check: --timer delivring: the model has no timer delivring — did you mean delivering?\n  timers: delivering\n'],
    [['check', t, ...m, '--timer', 'delivering=5s'], 'flowcert check: --timer delivering=5s: "5s" is not a number of milliseconds\n'],
    [['check', t, ...m, '--param', 'agents=[]'], 'flowcert check: --param agents: the model has no param agents\n  params: queue\n'],
    [['check', t, ...m, '--verbose'],
      'flowcert check: unknown option --verbose\n  allowed: --model, --variant, --timer, --param, --profile, --json, --help\n'],
  ];
  for (const [args, stderr] of cases) assert.deepEqual(await flowcert(dir, ...args), { code: 2, stdout: '', stderr }, args.join(' '));
});

test('a model with several variants needs --variant', async () => {
  const dir = project();
  const text = readFileSync(join(dir, 'scenarios', 'accept-invite.yaml'), 'utf8') + '  again: { phases: [offer] }\n';
  writeFileSync(join(dir, 'scenarios', 'two.yaml'), text);
  assert.deepEqual(await flowcert(dir, 'check', 'traces/accepted.ndjson', '--model', 'scenarios/two.yaml'), {
    code: 2, stdout: '', stderr: 'flowcert check: the model has 2 variants; choose one with --variant\n  variants: accept, again\n',
  });
});
