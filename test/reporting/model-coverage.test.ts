import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageLines, coverageRecord, modelCoverage, readCoverageRecord, type CoverageRecord } from '../../src/reporting/model-coverage.ts';
import { renderModelCoverage } from '../../src/reporting/model-coverage-html.ts';
import type { MatchResult } from '../../src/flow/result.ts';
import type { Trace } from '../../src/trace/types.ts';

// Model coverage adds up what each scenario exercised, for every model of scenarios/ — one no check
// named included — and every catalog message no trace carried.

const DELIVER = { file: 'scenarios/deliver.yaml', name: 'Deliver', variants: ['accept', 'reject', 'timeout'], phases: [{ id: 'request', title: 'URS Requests Delivery' }, { id: 'accepts', title: 'Agent Accepts' }, { id: 'rejects', title: 'Agent Rejects' }, { id: 'times-out', title: 'Fails to Respond' }] };
const LOGIN = { file: 'scenarios/login.yaml', name: 'Login/Logout', variants: ['login'], phases: [{ id: 'login', title: 'Login' }] };
/** The Deliver model as a check holds it: its variant and phase ids. */
const SHAPE = { variants: { accept: {}, reject: {}, timeout: {} }, phases: { request: {}, accepts: {}, rejects: {}, 'times-out': {} } };
const CATALOG = ['InteractionManagement:EventInvite', 'InteractionManagement:RequestAccept', 'TLibrary:RequestRouteCall', 'Reporting:EventPlaceAgentState'];

function result(variant: string, verdict: MatchResult['verdict'], phases: Array<[string, MatchResult['verdict']]>): MatchResult {
  return {
    verdict, summary: '', model: { name: 'Deliver', file: 'scenarios/deliver.yaml', hash: 'h' }, variant, profile: { name: 'genem-table', default: false },
    instances: [{ key: {}, verdict, matched: [], phases: phases.map(([phase, v]) => ({ phase, title: phase, verdict: v })) }],
    notStarted: [], problems: [], stats: { entries: 0, messages: 0, instances: 1 },
  } as unknown as MatchResult;
}

const trace = (...names: string[]): Trace => ({
  header: { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0', startedAt: '', participants: [] },
  entries: names.map((n, i) => ({ type: 'message', seq: i + 1, t: i, from: 'a', to: 'b', connection: 'c', protocol: n.split(':')[0], message: n.split(':')[1], attributes: {}, violations: [] })),
});

test('a scenario\'s record: its named checks with each phase\'s verdict, its messages counted; inline tables left out', () => {
  const r = coverageRecord(
    [{ model: SHAPE, variant: 'accept', result: result('accept', 'fail', [['request', 'pass'], ['accepts', 'fail']]) }, { model: SHAPE, variant: 'table', result: result('table', 'pass', []) }],
    trace('InteractionManagement:EventInvite', 'InteractionManagement:EventInvite', 'TLibrary:RequestRouteCall'),
  );
  assert.deepEqual(r, {
    checks: [{ model: 'Deliver', file: 'scenarios/deliver.yaml', variant: 'accept', profile: 'genem-table', verdict: 'fail', phases: [{ phase: 'request', verdict: 'pass' }, { phase: 'accepts', verdict: 'fail' }] }],
    messages: { 'InteractionManagement:EventInvite': 2, 'TLibrary:RequestRouteCall': 1 },
  });
  assert.deepEqual(readCoverageRecord(JSON.stringify(r)), r);
  assert.equal(readCoverageRecord('{"nope":1}'), undefined);
});

test('the run\'s coverage: every model and its variants and phases, those never exercised named, and the messages never seen', () => {
  const records: CoverageRecord[] = [
    coverageRecord([{ model: SHAPE, variant: 'accept', result: result('accept', 'pass', [['request', 'pass'], ['accepts', 'pass']]) }], trace('InteractionManagement:EventInvite', 'TLibrary:RequestRouteCall')),
    coverageRecord([{ model: SHAPE, variant: 'accept', result: result('accept', 'fail', [['request', 'pass'], ['accepts', 'fail']]) }], trace('InteractionManagement:RequestAccept')),
  ];
  const c = modelCoverage([DELIVER, LOGIN], CATALOG, records);
  const deliver = c.models[0];
  assert.deepEqual(deliver.variants.map((v) => [v.id, v.checks, v.passed]), [['accept', 2, 1], ['reject', 0, 0], ['timeout', 0, 0]]);
  assert.deepEqual(deliver.phases.map((p) => [p.id, p.checks, p.passed]), [['request', 2, 2], ['accepts', 2, 1], ['rejects', 0, 0], ['times-out', 0, 0]]);
  assert.deepEqual(c.messages, { total: 4, seen: 3, neverSeen: [{ protocol: 'Reporting', message: 'EventPlaceAgentState' }] });
  assert.deepEqual(coverageLines(c, 'reports/model-coverage.html'), [
    'model coverage: 1 of 2 models checked',
    '  Deliver (scenarios/deliver.yaml): variants 1 of 3 (never: reject, timeout), phases 2 of 4 (never: rejects, times-out), profile genem-table',
    '  Login/Logout (scenarios/login.yaml): not checked',
    '  catalog messages never seen: 1 of 4 — Reporting: EventPlaceAgentState',
    '  details: reports/model-coverage.html',
  ]);
  const html = renderModelCoverage(c, '2026-11-30T00:00:00Z');
  assert.match(html, /<tr class="never"><td><code>reject<\/code><\/td><td>never exercised<\/td><\/tr>/);
  assert.match(html, /<tr class="some"><td><code>accepts<\/code> Agent Accepts<\/td><td>2 checks, 1 passed<\/td><\/tr>/);
  assert.match(html, /<h2>Login\/Logout/);
});

test('a check of a variant the model does not have could not run: it covers no variant and no phase', () => {
  // The step says "variant revokd" of a model with accept, reject and timeout: an error at the step, with a did-you-mean.
  const typo = coverageRecord([{ model: SHAPE, variant: 'revokd', result: result('revokd', 'error', []) }, { model: SHAPE, variant: 'accept', result: result('accept', 'pass', [['request', 'pass']]) }], trace());
  assert.deepEqual(typo.checks.map((c) => c.variant), ['accept']);
  const c = modelCoverage([DELIVER, LOGIN], CATALOG, [typo]);
  assert.deepEqual(c.models[0].variants.map((v) => [v.id, v.checks]), [['accept', 1], ['reject', 0], ['timeout', 0]]);
  assert.equal(coverageLines(c, 'p')[1], '  Deliver (scenarios/deliver.yaml): variants 1 of 3 (never: reject, timeout), phases 1 of 4 (never: accepts, rejects, times-out), profile genem-table');
  // A record naming a variant or phase its model of scenarios/ lacks (written against another version of the file) adds none to it.
  const stale: CoverageRecord = { checks: [{ model: 'Deliver', file: 'scenarios/deliver.yaml', variant: 'revokd', verdict: 'pass', phases: [{ phase: 'gone', verdict: 'pass' }] }, { model: 'Deliver', file: 'scenarios/deliver.yaml', variant: 'reject', verdict: 'pass', phases: [{ phase: 'gone', verdict: 'pass' }, { phase: 'rejects', verdict: 'pass' }] }], messages: {} };
  const s = modelCoverage([DELIVER], CATALOG, [stale]);
  assert.deepEqual(s.models[0].variants.map((v) => [v.id, v.checks]), [['accept', 0], ['reject', 1], ['timeout', 0]]);
  assert.deepEqual(s.models[0].phases.map((p) => [p.id, p.checks]), [['request', 0], ['accepts', 0], ['rejects', 1], ['times-out', 0]]);
});

test('a check of a model outside scenarios/ is counted with what it showed', () => {
  const r = coverageRecord([{ model: SHAPE, variant: 'accept', result: result('accept', 'pass', [['request', 'pass']]) }], trace());
  const c = modelCoverage([], CATALOG, [r]);
  assert.deepEqual(c.models.map((m) => [m.file, m.variants.map((v) => v.id), m.phases.map((p) => p.id)]), [['scenarios/deliver.yaml', ['accept'], ['request']]]);
});

test('shards\' coverage adds up: counts summed, a message never seen only when no shard saw it', async () => {
  const { mergeModelCoverage } = await import('../../src/reporting/model-coverage.ts');
  const a = modelCoverage([DELIVER, LOGIN], CATALOG, [coverageRecord([{ model: SHAPE, variant: 'accept', result: result('accept', 'pass', [['request', 'pass'], ['accepts', 'pass']]) }], trace('InteractionManagement:EventInvite'))]);
  const b = modelCoverage([DELIVER, LOGIN], CATALOG, [coverageRecord([{ model: SHAPE, variant: 'reject', result: result('reject', 'fail', [['request', 'pass'], ['rejects', 'fail']]) }], trace('TLibrary:RequestRouteCall'))]);
  const m = mergeModelCoverage([a, b]);
  assert.deepEqual(m.models[0].variants.map((v) => [v.id, v.checks, v.passed]), [['accept', 1, 1], ['reject', 1, 0], ['timeout', 0, 0]]);
  assert.deepEqual(m.models[0].phases.map((p) => [p.id, p.checks]), [['request', 2], ['accepts', 1], ['rejects', 1], ['times-out', 0]]);
  assert.deepEqual(m.messages.neverSeen.map((n) => n.message), ['RequestAccept', 'EventPlaceAgentState']);
  assert.equal(m.messages.seen, 2);
});
