import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ACTION_TABLE, inferredRows } from '../../../src/servers/stat-server/action-table.ts';

// The table must hold exactly the seed's 38 actions, each once, of the seed's kind, each row citing its
// source or saying [INFER]. The seed (a verbatim copy in test/fixtures/seeds/) is read, not retyped: a renamed or dropped action fails here.

const SEED = readFileSync(new URL('../../fixtures/seeds/001-stat-server-actions-for-media-channels.txt', import.meta.url), 'utf8');

/** The seed's four lists: the "- Name" bullets under each heading, up to the next heading. */
function seedLists(): Record<string, string[]> {
  const headings: Array<[string, string]> = [
    ['durable-non-interaction', 'Durable, Non-Interaction-Related Actions\n'],
    ['durable-interaction', 'Durable, Interaction-Related Actions\n'],
    ['momentary', 'Momentary, Interaction-Related Actions\n'],
    ['retrospective', 'Retrospective, Interaction-Related Actions\n'],
  ];
  const out: Record<string, string[]> = {};
  for (const [kind, h] of headings) {
    const at = SEED.lastIndexOf(h);
    assert.ok(at >= 0, `seed heading ${h.trim()}`);
    const rest = SEED.slice(at + h.length);
    const stop = rest.search(/\n(Durable|Momentary|Retrospective|Attributes of)[^\n]*Actions?\n/);
    const names = [...rest.slice(0, stop < 0 ? undefined : stop).matchAll(/^- (?:\*\*)?([A-Za-z]+)(?: \(MediaChannels\))?(?:\*\*)?\s*$/gm)].map((m) => m[1]!);
    out[kind] = names;
  }
  return out;
}

test('the table holds exactly the seed\'s 38 media-channel actions, each of its kind', () => {
  const lists = seedLists();
  const seedCount = Object.values(lists).reduce((n, l) => n + l.length, 0);
  assert.equal(seedCount, 38, `the seed lists ${seedCount} actions`);
  assert.equal(ACTION_TABLE.length, 38);
  assert.equal(new Set(ACTION_TABLE.map((r) => r.action)).size, 38, 'each action once');
  for (const [kind, names] of Object.entries(lists)) {
    assert.deepEqual(ACTION_TABLE.filter((r) => r.kind === kind).map((r) => r.action).sort(), [...names].sort(), kind);
  }
});

test('every row cites a source, and says [INFER] where the record gives no trigger', () => {
  for (const r of ACTION_TABLE) {
    assert.match(r.source, /\[DOC\]/, `${r.action} cites the seed`);
    assert.ok(r.attributes.length > 0, `${r.action} carries attributes`);
    if (r.kind === 'durable-non-interaction' || r.kind === 'durable-interaction') assert.ok(r.until, `${r.action} says what ends it`);
  }
  // Only Active and Accepted have a trigger the reference states outright [DOC §5.3]; Active still infers login/logout.
  const documentedOnly = ACTION_TABLE.filter((r) => !r.source.includes('[INFER]')).map((r) => r.action);
  assert.deepEqual(documentedOnly, ['Accepted']);
  assert.equal(inferredRows().length, 37);
});

test('the feature has one Scenario Outline row per action of the table, each of the table\'s kind', () => {
  const feature = readFileSync(new URL('../../../features/stat-server-media-channel-actions.feature', import.meta.url), 'utf8');
  const rows: Array<{ action: string; kind: string }> = [];
  let header: string[] | undefined;
  for (const line of feature.split('\n').map((l) => l.trim())) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line.slice(1, -1).split('|').map((c) => c.trim());
    if (!header) header = cells;
    else if (header.includes('action') && header.includes('kind')) rows.push({ action: cells[header.indexOf('action')]!, kind: cells[header.indexOf('kind')]! });
  }
  assert.deepEqual(rows.map((r) => r.action).sort(), ACTION_TABLE.map((r) => r.action).sort(), 'one row per action, each once');
  for (const r of rows) assert.equal(r.kind.replace(/ /g, '-'), ACTION_TABLE.find((t) => t.action === r.action)!.kind, `${r.action}'s kind in the feature`);
});
