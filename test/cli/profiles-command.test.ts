import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PROFILES_USAGE } from '../../src/cli/usage.ts';
import type { ProfileListing } from '../../src/cli/profiles-command.ts';
import { cli, ROOT } from './cli-kit.ts';

// `flowcert profiles`: the readings of GenEM as the models declare them, and the README's table kept
// equal to what the command prints, so neither can drift from the models.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('the project\'s models: genem-prose (every declaring model\'s default) and genem-table, declared by the same five models', async () => {
  const r = await cli(['profiles', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const l = JSON.parse(r.stdout) as ProfileListing;
  assert.deepEqual(Object.keys(l.profiles), ['genem-prose', 'genem-table']);
  const models = ['Change Properties', 'Conference', 'Deliver Interaction to Agent', 'Stop Processing', 'Transfer'];
  for (const name of ['genem-prose', 'genem-table']) assert.deepEqual(l.profiles[name].map((u) => u.model), models, name);
  assert.ok(l.profiles['genem-prose'].every((u) => u.isDefault));
  assert.ok(l.profiles['genem-table'].every((u) => !u.isDefault && u.changes.every((c) => c.source.length > 0)));
  const stop = l.profiles['genem-table'].find((u) => u.model === 'Stop Processing')!;
  assert.deepEqual(stop.changes.map((c) => `${c.step} ${c.as}`), ['c-agent-revoked required', 'c-stat-revoked optional']);
  assert.match(l.acted['genem-table'], /no EventAck to Agent 1 when Agent 2 joins/);
  // Every other model of the project has one reading (the count grows as models are added).
  const all = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  assert.equal(l.withoutProfiles.length, all.length - models.length);
  assert.deepEqual(l.broken, []);
});

test('README\'s profile table is what `flowcert profiles --format markdown` prints', async () => {
  const r = await cli(['profiles', '--format', 'markdown']);
  assert.equal(r.code, 0, r.stderr);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- profiles:start[^>]*-->\n([^]*?)<!-- profiles:end -->/.exec(readme);
  assert.ok(m, 'README has the profiles:start … profiles:end section');
  assert.equal(m[1], r.stdout, 'regenerate it with: npx flowcert profiles --format markdown');
});

test('text names each model, its default and every choice with its source; a broken model is exit 1, a bad format exit 2', async () => {
  const text = await cli(['profiles', 'scenarios/transfer.yaml']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^genem-prose — declared by 1 model\n {2}Transfer \(scenarios\/transfer\.yaml\), its default: /);
  assert.match(text.stdout, /\n {4}accept-inviter-ack: optional — GenEM table of Invitation Accepted/);

  const dir = mkdtempSync(join(tmpdir(), 'flowcert-profiles-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'broken.yaml'), 'model: Broken\nphases: 3\n');
  const broken = await cli(['profiles', dir]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /not loaded \(flowcert lint says why\): .*broken\.yaml/);
  // A step that lacks a required key is a model that does not load too, not an internal error (exit 4).
  writeFileSync(join(dir, 'broken.yaml'), 'model: Broken\nparticipants: { ixn: { role: InteractionServer } }\nparams: { servers: { type: list } }\nphases: { p: { title: P, steps: [ { for-each: s, in: servers } ] } }\nvariants: { v: { phases: [p] } }\n');
  const forEach = await cli(['profiles', dir]);
  assert.equal(forEach.code, 1, forEach.stderr);
  assert.match(forEach.stdout, /not loaded \(flowcert lint says why\): .*broken\.yaml/);

  const bad = await cli(['profiles', '--format', 'html']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format must be one of text, markdown, json, not html/);
  const help = await cli(['help', 'profiles']);
  assert.equal(help.stdout, PROFILES_USAGE);
});

test('a path that is not a model beside good ones is exit 2, each named, and nothing listed', async () => {
  const r = await cli(['profiles', 'scenarios/transfer.yaml', 'scenarios/nonexistent.yaml', 'features/transfer.feature']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /scenarios\/nonexistent\.yaml/);
  assert.match(r.stderr, /features\/transfer\.feature is not a flow model: profiles lists what flow models \(\*\.yaml, \*\.yml\) declare/);
  assert.match(r.stderr, /flowcert profiles: nothing listed — 2 paths are not a flow model or a folder of them\n$/);
});
