import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RUN_USAGE } from '../../src/cli/run-command.ts';
import { FAULT_NAMES } from '../../src/servers/interaction-server/options.ts';
import { cli, ROOT } from './cli-kit.ts';
import { project, snapshot, TINY } from './run-kit.ts';

// `flowcert run` refuses what it cannot do as typed — exit 2 with where and what to do — before it
// changes anything: each case runs against a project with a previous run's reports and a user's own
// file beside them, and the whole folder is the same afterwards.

const CASES: Array<[string, string[], string]> = [
  ['--parallel two', ['--parallel', 'two'], 'flowcert run: --parallel takes a whole number of worker processes (0 runs in-process), got two\n'],
  ['--tags ""', ['--tags', ' '], 'flowcert run: --tags needs a tag expression, e.g. --tags "@smoke and not @slow"\n'],
  [
    '--tags "@a and"',
    ['--tags', '@a and'],
    'flowcert run: invalid --tags: Tag expression "@a and" could not be parsed because of syntax error: Expected operand.\n' +
      '  e.g. --tags "@smoke and not @slow"; operators: and, or, not, ( )\n',
  ],
  ['--tags smoke', ['--tags', 'smoke and not @slow'], 'flowcert run: invalid --tags: "smoke" is not a tag: tags start with @ — did you mean @smoke?\n'],
  [
    '--inject-fault IS1=omitTicketID',
    ['--inject-fault', 'IS1=omitTicketID'],
    'flowcert run: --inject-fault IS1=omitTicketID: an Interaction Server has no fault "omitTicketID" — did you mean omitTicketId?\n' +
      `  faults: ${FAULT_NAMES.join(', ')}\n`,
  ],
  [
    '--inject-fault IS3=omitTicketId',
    ['--inject-fault', 'IS3=omitTicketId'],
    'flowcert run: --inject-fault IS3=omitTicketId: no selected scenario starts an Interaction Server "IS3" — did you mean IS1 or IS2?\n' +
      '  faults go into a reference Interaction Server; the selected scenarios start IS1 (features/tiny.feature:5), IS2 (features/tiny.feature:10)\n',
  ],
  [
    'a fault for a server only an unselected scenario starts',
    ['--tags', '@smoke', '--inject-fault', 'IS2=omitTicketId'],
    'flowcert run: --inject-fault IS2=omitTicketId: no selected scenario starts an Interaction Server "IS2" — did you mean IS1?\n' +
      '  faults go into a reference Interaction Server; the selected scenarios start IS1 (features/tiny.feature:5)\n',
  ],
  [
    'a fault for a participant of another role',
    ['--inject-fault', 'URS=omitTicketId'],
    'flowcert run: --inject-fault URS=omitTicketId: no selected scenario starts an Interaction Server "URS"\n' +
      '  faults go into a reference Interaction Server; the selected scenarios start IS1 (features/tiny.feature:5), IS2 (features/tiny.feature:10)\n',
  ],
  [
    '--timer delivring=200',
    ['--timer', 'delivring=200'],
    'flowcert run: --timer delivring=200: no model in scenarios/ declares a timer delivring, and no participant runs one — did you mean delivering?\n' +
      '  timers: delivering (Interaction Server, scenarios/deliver-interaction-to-agent.yaml), registration (Interaction Server), handling (Interaction Server)\n',
  ],
  ['--shard 5/4', ['--shard', '5/4'], 'flowcert run: --shard 5/4: there is no shard 5 of 4: shards are numbered 1 to 4 (--shard 1/4 … --shard 4/4)\n'],
  ['--shard 0/4', ['--shard', '0/4'], 'flowcert run: --shard 0/4: shards are numbered from 1: --shard 1/4 … --shard 4/4\n'],
  ['--shard 1/0', ['--shard', '1/0'], 'flowcert run: --shard 1/0: there must be at least 1 shard; over 4 CI machines, give each one of --shard 1/4 … --shard 4/4\n'],
  ['--shard abc', ['--shard', 'abc'], 'flowcert run: --shard abc: expected INDEX/TOTAL, which shard this is and how many there are, e.g. --shard 2/4 for the second of 4\n'],
  ['--shard 2/', ['--shard', '2/'], 'flowcert run: --shard 2/: expected INDEX/TOTAL, which shard this is and how many there are, e.g. --shard 2/4 for the second of 4\n'],
  ['--tag', ['--tag', '@x'], 'flowcert run: unknown option --tag — did you mean --tags?\n  allowed: --tags, --parallel, --reports, --no-allure, --timer, --inject-fault, --sut, --shard, --profile, --help\n'],
  ['a missing path', ['features/tiny.feature', 'features/nope.feature:12'], 'flowcert run: no such feature file or folder: features/nope.feature:12\n'],
  ['--sut that is not there', ['--sut', 'nope.yaml'], 'error CONFIG_NO_SUCH_FILE no such configuration file: nope.yaml\n    hint: give the path of a flowcert configuration, e.g. --sut flowcert.config.yaml\nflowcert run: nope.yaml has 1 error; nothing ran\n'],
  ['--reports naming a file', ['--reports', 'features/tiny.feature'], 'flowcert run: --reports features/tiny.feature is a file, not a folder\n  give the folder the reports go in, e.g. --reports reports\n'],
];

test('each bad input is a usage error that says what to do, and leaves every file as it was', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const first = await cli(['run', '--no-allure'], dir);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  writeFileSync(join(dir, 'reports', 'notes.txt'), 'mine');
  const before = snapshot(dir);
  for (const [name, args, stderr] of CASES) {
    assert.deepEqual(await cli(['run', '--no-allure', ...args], dir), { code: 2, stdout: '', stderr }, name);
    assert.deepEqual(snapshot(dir), before, `${name} changed the disk`);
  }
});

test('tags that select nothing fail the run (exit 1), with the tag meant when one is close, and change nothing', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const before = snapshot(dir);
  assert.deepEqual(await cli(['run', '--tags', '@smok'], dir), {
    code: 1,
    stdout: '',
    stderr: 'flowcert run: no scenario in features/**/*.feature matches --tags @smok — did you mean @smoke?\n  tags in these features: @other, @smoke\n',
  });
  assert.deepEqual(await cli(['run', '--tags', '@smoke and @other'], dir), {
    code: 1,
    stdout: '',
    stderr: 'flowcert run: no scenario in features/**/*.feature matches --tags @smoke and @other\n  tags in these features: @other, @smoke\n',
  });
  assert.deepEqual(snapshot(dir), before);
});

test('a fault for a server the configuration binds to a real system is refused: only a reference server has faults', async () => {
  const dir = project({
    'features/tiny.feature': TINY,
    'flowcert.config.yaml': 'participants:\n  IS1:\n    kind: remote\n    endpoints: { im: "ws://127.0.0.1:9/", tlib: "ws://127.0.0.1:9/tlib" }\n',
  });
  assert.deepEqual(await cli(['run', '--inject-fault', 'IS1=omitTicketId'], dir), {
    code: 2,
    stdout: '',
    stderr: 'flowcert run: --inject-fault IS1=omitTicketId: IS1 is bound to remote in flowcert.config.yaml, and faults go only into a reference Interaction Server\n  leave out the fault, or bind IS1 to the reference\n',
  });
});

test('invalid Gherkin and a project without features/ are usage errors; nothing is written', async () => {
  const dir = project({ 'features/broken.feature': 'Feature: Broken\n  Scenario: x\n    Given a step\n  Examples without an outline\n' });
  const r = await cli(['run'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^flowcert run: invalid feature file:\n {2}features\/broken\.feature:4(:\d+)?: /);
  assert.deepEqual(Object.keys(snapshot(dir)).sort(), ['features/', 'features/broken.feature', 'scenarios/', 'scenarios/deliver-interaction-to-agent.yaml']);

  const empty = project({});
  assert.deepEqual(await cli(['run'], join(empty, 'scenarios')), {
    code: 2,
    stdout: '',
    stderr: `flowcert run: no features/ folder in ${join(empty, 'scenarios')}\n  give the feature files or folders to run: flowcert run [paths...]\n`,
  });
});

test('--help shows the options, the reports and the exit codes', async () => {
  assert.deepEqual(await cli(['run', '--help'], ROOT), { code: 0, stdout: RUN_USAGE, stderr: '' });
  assert.match(RUN_USAGE, /^Usage: flowcert run \[paths\.\.\.\] \[options\]\n/);
  assert.match(RUN_USAGE, /--no-allure/);
  assert.match(RUN_USAGE, /\.flowcert-manifest\.json/);
});
