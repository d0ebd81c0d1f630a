import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain } from '../../src/flow/explain.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { underProfile } from '../../src/flow/profile.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import type { Trace } from '../../src/trace/types.ts';
import { report, withSteps } from './loader-fixture.ts';

// Profiles: the same trace judged under two readings of GenEM. The golden traces run the timer at 200 ms.

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
const timers = { delivering: 200 };
const deliver = (await loadModel('scenarios/deliver-interaction-to-agent.yaml')).model as FlowModel;

function golden(name: string, drop: (e: Record<string, unknown>) => boolean = () => false, profile?: string): Trace {
  const lines = readFileSync(join(GOLDEN, `${name}.ndjson`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  if (profile) lines[0].meta = { ...(lines[0].meta as object | undefined), profile };
  return parseTrace(lines.filter((l) => !drop(l)).map((l) => JSON.stringify(l)).join('\n') + '\n').trace!;
}

const tableOnlyTimeout = (e: Record<string, unknown>) =>
  e.type === 'message' && Number(e.seq) > 12 && ['EventRevoked', 'EventRouteUsed', 'EventPlacedInQueue'].includes(String(e.message));

test('the Deliver model states its default profile and offers genem-table, each choice cited', () => {
  assert.equal(deliver.profiles?.default, 'genem-prose');
  const table = deliver.profiles!.byName['genem-table'];
  assert.deepEqual(table.choices.map((c) => `${c.step}=${c.as}`), [
    'route-used-on-delivery=optional',
    'accept-route-used=optional',
    'reject-route-used=optional',
    'timeout-stat-revoked=optional',
    'timeout-urs-answer=optional',
    'timeout-placed-in-queue=optional',
  ]);
  for (const c of table.choices) assert.ok(c.source.length > 10, `${c.step} cites its source`);
});

test('a timeout that sends only the table\'s EventRevoked passes under genem-table and fails under the default', () => {
  const trace = golden('timeout-conformant', tableOnlyTimeout);
  const table = matchTrace(deliver, trace, { variant: 'timeout', timers, profile: 'genem-table' });
  assert.equal(table.verdict, 'pass', explain(table));
  assert.deepEqual(table.profile, { name: 'genem-table', default: false });
  const prose = matchTrace(deliver, trace, { variant: 'timeout', timers });
  assert.equal(prose.verdict, 'fail');
  assert.deepEqual(prose.profile, { name: 'genem-prose', default: true });
  assert.match(explain(prose), /missing ixn → stat EventRevoked \(Reporting\)/);
});

test('EventRouteUsed at delivery, as the table lists it, passes under genem-table and is out of order under the default', () => {
  const trace = golden('accept-route-used-before-accept');
  assert.equal(matchTrace(deliver, trace, { variant: 'accept', timers, profile: 'genem-table' }).verdict, 'pass');
  const prose = matchTrace(deliver, trace, { variant: 'accept', timers });
  assert.equal(prose.verdict, 'fail');
  assert.match(explain(prose), /out of order ixn → urs EventRouteUsed/);
});

test('under genem-table URS may get a T-Library EventError instead of EventRouteUsed on timeout; the default omits that reading', () => {
  const lines = readFileSync(join(GOLDEN, 'timeout-conformant.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const swapped = lines.map((l) => (l.message === 'EventRouteUsed' ? { ...l, message: 'EventError', attributes: { ErrorCode: 53, ErrorMessage: 'delivery timed out', InteractionId: '0001' } } : l));
  const trace = parseTrace(swapped.map((l) => JSON.stringify(l)).join('\n') + '\n').trace!;
  const table = matchTrace(deliver, trace, { variant: 'timeout', timers, profile: 'genem-table' });
  assert.equal(table.verdict, 'pass', explain(table));
  assert.ok(table.instances[0].matched.some((m) => m.step.id === 'timeout-urs-error'), 'the EventError matched the table\'s alternative');
  assert.equal(matchTrace(deliver, trace, { variant: 'timeout', timers }).verdict, 'fail');
});

test('the profile a trace records is the one it is judged under; an explicit one wins', () => {
  const trace = golden('timeout-conformant', tableOnlyTimeout, 'genem-table');
  assert.equal(matchTrace(deliver, trace, { variant: 'timeout', timers }).verdict, 'pass');
  assert.match(explain(matchTrace(deliver, trace, { variant: 'timeout', timers })), /variant timeout, profile genem-table/);
  assert.equal(matchTrace(deliver, trace, { variant: 'timeout', timers, profile: 'genem-prose' }).verdict, 'fail');
});

test('genem-table still fails what neither reading allows: a second EventRouteUsed, a missing EventRevoked', () => {
  const late = golden('accept-late-route-used');
  assert.equal(matchTrace(deliver, late, { variant: 'accept', timers, profile: 'genem-table' }).verdict, 'fail');
  const noRevoke = golden('timeout-conformant', (e) => e.type === 'message' && e.message === 'EventRevoked' && e.to === 'Agent1');
  assert.equal(matchTrace(deliver, noRevoke, { variant: 'timeout', timers, profile: 'genem-table' }).verdict, 'fail');
});

test('a profile the model does not declare reads it under its default; the same profile gives the same model object', () => {
  assert.equal(underProfile(deliver, 'no-such-profile').profile, 'genem-prose');
  assert.equal(underProfile(deliver, 'genem-table'), underProfile(deliver, 'genem-table'));
  // omitted under the default: the step is gone; optional under genem-table: wrapped
  const delivery = (m: FlowModel) => JSON.stringify(m.phases['urs-requests-delivery'].body);
  assert.doesNotMatch(delivery(underProfile(deliver, undefined)), /route-used-on-delivery/);
  assert.match(delivery(underProfile(deliver, 'genem-table')), /"kind":"optional","id":"route-used-on-delivery.optional"/);
});

const PROFILED = (choices: string, extra = '') =>
  withSteps('- { id: invite, from: ixn, to: agent, message: EventInvite }', '- { id: revoke, from: ixn, to: agent, message: EventRevoked, after: { timer: delivering, since: invite } }', '- never: { from: ixn, to: urs, message: EventRouteUsed }', '  id: quiet', '  window: 500') +
  `default-profile: strict\nprofiles:\n  strict: { title: Strict }\n  loose:\n    title: Loose\n    steps:\n${choices}${extra}`;

test('profile mistakes are load errors with file:line:col, what was expected and a hint', () => {
  const errors = report(PROFILED('      revok: { as: optional, source: the table }\n      quiet: { as: optional, source: the table }\n      invite: { as: omitted, source: the table }\n      revoke: { as: maybe }\n'));
  assert.deepEqual(errors.map((e) => e.split('\n')[0]), [
    'm.yaml:30:7 error FLOW_UNKNOWN_STEP profile loose names step revok, which the model does not have',
    'm.yaml:31:20 error FLOW_PROFILE_BAD_READING step quiet is a never step, which cannot be optional',
    'm.yaml:32:21 error FLOW_PROFILE_BAD_READING step invite starts the timer of step revoke, so it cannot be omitted',
    'm.yaml:33:15 error FLOW_MISSING_KEY the reading of step revoke in profile loose has no source',
    'm.yaml:33:21 error FLOW_BAD_VALUE as must be one of required, optional, omitted, found text "maybe"',
  ]);
  assert.match(errors[0], /hint: did you mean revoke\?/);
});

test('default-profile must name a declared profile, and profiles need one', () => {
  const text = PROFILED('      revoke: { as: optional, source: the table }\n').replace('default-profile: strict', 'default-profile: strikt');
  const [e] = report(text);
  assert.match(e, /FLOW_UNKNOWN_PROFILE default-profile names strikt, which profiles: does not declare/);
  assert.match(e, /hint: did you mean strict\?/);
  const none = report(PROFILED('      revoke: { as: optional, source: the table }\n').replace('default-profile: strict\n', ''));
  assert.match(none[0], /FLOW_MISSING_KEY the model declares profiles but not which is its default/);
});
