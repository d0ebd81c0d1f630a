import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { groupsThatMayMatchNothing } from '../../src/cucumber/optional-groups.ts';

const ROOT = join(import.meta.dirname, '..', '..');

test('a group that may match nothing is found: quantified, inside a quantified group, in one branch of an alternation, or with a body that matches the empty string', () => {
  const found = (re: RegExp) => groupsThatMayMatchNothing(re);
  assert.deepEqual(found(/^"([^"]+)" submits(?: as "([^"]+)")?$/), [2]);
  assert.deepEqual(found(/^(?:URS|"([^"]+)") routes$/), [1]);
  assert.deepEqual(found(/^a|(b)$/), [1]);
  assert.deepEqual(found(/^x( y)*$/), [1]);
  assert.deepEqual(found(/^x( y){0,2}$/), [1]);
  assert.deepEqual(found(/^x(?:( y)(z))?$/), [1, 2]);
  assert.deepEqual(found(/^(?<who>a)?(b)$/), [1]);
  // Always taking part: a group around the alternation, a group with + or {1,}, lookarounds, classes.
  assert.deepEqual(found(/^(URS|"[^"]+") routes (the interaction|interaction "[^"]+")$/), []);
  assert.deepEqual(found(/^(a)+(b){1,3}(?=c)(?!d)(?<=x)$/), []);
  assert.deepEqual(found(/^([|)(?]+) \(not a group\)? \\(x)$/), []);
  assert.deepEqual(found(/^a(?:b|c)(d)$/), []);
  // A group inside a capturing alternation is optional, the group around it is not.
  assert.deepEqual(found(/^((a)|b)$/), [2]);
  // A group whose body can match the empty string: the report moves past an argument only when it is not empty.
  assert.deepEqual(found(/^x "([^"]*)" ((?: y)?) (a|) (\b)(z+)$/), [1, 2, 3, 4]);
  assert.deepEqual(found(/^x "([^"]+)" ((?: y)? z) (a|b?c) (.{0,2}d)$/), []);
});

test('no registered step definition has a group that may match nothing (cucumber would print its text twice in the HTML report)', async () => {
  const base = (await import(pathToFileURL(join(ROOT, 'cucumber.mjs')).href)).default as { import: string[] };
  // The worker's Ctrl-C handling is no step: left out, so this process keeps node:test's own.
  const provided = { ...base, import: base.import.filter((p) => !p.includes('cucumber-worker')), format: [] };
  const { runConfiguration } = await loadConfiguration({ file: false, provided }, { cwd: ROOT });
  // The library's inside, as the progress formatter reads it (src/cucumber/progress-formatter.ts): the API types it opaquely.
  const library = (await loadSupport({ sources: runConfiguration.sources, support: runConfiguration.support }, { cwd: ROOT })) as unknown as {
    stepDefinitions: { pattern: string | RegExp; uri: string; line: number }[];
    parameterTypeRegistry: { parameterTypes: Iterable<{ name: string; builtin: boolean; regexpStrings: readonly string[] }> };
  };
  const regexps = library.stepDefinitions.filter((d) => d.pattern instanceof RegExp);
  assert.ok(library.stepDefinitions.length >= 100, `the step definitions were loaded (${library.stepDefinitions.length})`);
  assert.ok(regexps.length >= 10, `some are regular expressions (${regexps.length})`);
  const offenders = regexps
    .map((d) => ({ pattern: d.pattern as RegExp, groups: groupsThatMayMatchNothing(d.pattern as RegExp), at: `${d.uri}:${d.line}` }))
    .filter((d) => d.groups.length > 0)
    .map((d) => `${d.at} ${String(d.pattern)} (group ${d.groups.join(', ')})`);
  // Parameter types flowcert defines are regular expressions too: {string}'s own groups are cucumber's.
  const types = [...library.parameterTypeRegistry.parameterTypes].filter((t) => !t.builtin);
  for (const t of types) for (const re of t.regexpStrings) {
    const groups = groupsThatMayMatchNothing(new RegExp(re));
    if (groups.length) offenders.push(`parameter type {${t.name}} /${re}/ (group ${groups.join(', ')})`);
  }
  assert.deepEqual(offenders, []);
});
