import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import { buildCertificate } from '../../src/reporting/certificate.ts';
import type { Harness } from '../../src/reporting/certificate.ts';
import { hashFiles, verifyCertificate, writeCertificate } from '../../src/reporting/certificate-files.ts';
import { renderCertificateHtml } from '../../src/reporting/certificate-html.ts';
import type { CheckRecord, ScenarioRecord } from '../../src/reporting/scenario-record.ts';
import type { TraceParticipant } from '../../src/trace/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowcert-cert-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DESK = { name: "Agent1's desktop", role: 'AgentApplication' as const, binding: 'sut' as const, adapter: 'process' };
const IS = { name: 'IS1', role: 'InteractionServer' as const, binding: 'reference' as const, adapter: 'reference' };

function check(variant: string, verdict: CheckRecord['verdict'], extra: Partial<CheckRecord> = {}): CheckRecord {
  return {
    model: 'Deliver Interaction to Agent',
    modelFile: 'scenarios/deliver-interaction-to-agent.yaml',
    modelHash: 'h',
    variant,
    verdict,
    phases: [
      { phase: 'urs-requests-delivery', title: 'URS Requests Delivery', verdict: 'pass' },
      { phase: `agent-${variant}`, title: `Agent ${variant}`, verdict },
    ],
    ...extra,
  };
}

function record(name: string, line: number, verdict: ScenarioRecord['verdict'], checks: CheckRecord[], participants: TraceParticipant[] = [IS, DESK]): ScenarioRecord {
  return {
    uri: 'features/deliver.feature',
    name,
    line,
    verdict,
    participants,
    capabilities: { "Agent1's desktop": ['login', 'accept', 'ignore'] },
    checks,
    exercised: [
      { protocol: 'InteractionManagement', message: 'RequestAccept', role: 'AgentApplication', direction: 'sent', attributes: ['InteractionId', 'TicketId'], count: 1 },
      { protocol: 'InteractionManagement', message: 'EventInvite', role: 'AgentApplication', direction: 'received', attributes: ['Interaction', 'Interaction.InteractionId', 'TicketId'], count: 2 },
    ],
  };
}

const HARNESS: Harness = { flowcertVersion: '0.1.0', date: '2026-11-30T00:00:00Z', node: 'v20', platform: 'linux', files: [], options: {} };

function build(records: ScenarioRecord[]) {
  return buildCertificate({ identity: { name: 'Acme <Desk>', version: '2.3' }, role: 'AgentApplication', harness: HARNESS, records, catalog: defaultCatalog, evidence: (r) => ({ excerpt: [`trace of ${r.name}`], diagram: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>diagram</text></svg>' }) });
}

test('worst verdict wins, the score counts passed over applicable, inconc is shown and never passed', () => {
  const c = build([
    record('accepts', 10, 'pass', [check('accept', 'pass')]),
    record('rejects', 20, 'inconc', [], [IS, DESK]),
    record('times out', 30, 'fail', [check('timeout', 'fail', { explanation: 'FAIL … missing ixn → agent EventRevoked', step: { id: 'agent-fails.1', describe: 'ixn → agent EventRevoked', file: 'scenarios/deliver-interaction-to-agent.yaml', line: 120, col: 9 }, diagram: 'x.svg' })]),
    record('no desktop under test', 40, 'fail', [check('accept', 'fail')], [IS, { ...DESK, binding: 'reference', adapter: 'reference' }]),
  ]);
  assert.equal(c.verdict, 'fail');
  assert.deepEqual(c.score, { passed: 1, failed: 1, inconc: 1, error: 0, applicable: 3, value: 1 / 3 });
  assert.deepEqual(c.scenarios.map((s) => [s.name, s.applicable]), [['accepts', true], ['rejects', true], ['times out', true], ['no desktop under test', false]]);
  assert.deepEqual(c.sut.adapters, ['process']);
  assert.deepEqual(c.sut.capabilities, ['accept', 'ignore', 'login']);
  const deliver = c.models[0];
  assert.equal(deliver.verdict, 'fail');
  assert.deepEqual(deliver.variants.map((v) => [v.variant, v.verdict]), [['accept', 'pass'], ['timeout', 'fail']]);
  assert.equal(c.failures.length, 2);
  const f = c.failures.find((x) => x.scenario === 'times out')!;
  assert.equal(f.step?.line, 120);
  assert.deepEqual(f.excerpt, ['trace of times out']);
});

test("coverage lists the role's part of the catalog, what was exercised and what never was", () => {
  const c = build([record('accepts', 10, 'pass', [check('accept', 'pass')])]);
  const accept = c.coverage.messages.find((m) => m.message === 'RequestAccept' && m.direction === 'sent')!;
  assert.equal(accept.count, 1);
  assert.deepEqual(accept.attributes.filter((a) => a.seen).map((a) => a.path).sort(), ['InteractionId', 'TicketId']);
  assert.ok(accept.attributes.some((a) => a.path === 'InitialInFocusState' && !a.seen));
  const logout = c.coverage.messages.find((m) => m.message === 'RequestAgentLogout')!;
  assert.equal(logout.count, 0);
  assert.ok(!c.coverage.messages.some((m) => m.message === 'RequestRouteCall'), 'URS messages are not the agent application role’s part');
  assert.equal(c.coverage.messagesSeen, 2);
  assert.ok(c.coverage.messagesTotal > c.coverage.messagesSeen);
});

test('a run in which the role never took part as a SUT is inconc with a score of 0, never pass', () => {
  const c = build([record('x', 1, 'pass', [check('accept', 'pass')], [IS])]);
  assert.equal(c.verdict, 'inconc');
  assert.equal(c.score.applicable, 0);
});

test('the page is self-contained and escapes what the SUT named itself', () => {
  const html = renderCertificateHtml(build([record('times out', 30, 'fail', [check('timeout', 'fail', { explanation: 'FAIL <b>x</b>' })])]));
  assert.match(html, /<title>flowcert certificate — Acme &lt;Desk&gt; 2\.3: FAIL<\/title>/);
  assert.match(html, /<pre class="explanation">FAIL &lt;b&gt;x&lt;\/b&gt;<\/pre>/);
  assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"><text>diagram<\/text><\/svg>/);
  assert.doesNotMatch(html, /<script|<link |src="http/);
});

test('--verify: a certificate folder still applies until a suite file or the certificate itself changes', async () => {
  const root = join(dir, 'suite');
  const cert = join(dir, 'cert');
  const model = join(root, 'model.yaml');
  await import('node:fs/promises').then((fs) => fs.mkdir(root, { recursive: true }));
  writeFileSync(model, 'model: x\n');
  const harness = { ...HARNESS, files: await hashFiles(['model.yaml', 'flowcert:package.json'], root, process.cwd()) };
  const c = { ...build([record('accepts', 10, 'pass', [check('accept', 'pass')])]), harness };
  await writeCertificate(cert, c);
  assert.deepEqual(await verifyCertificate(cert, root, process.cwd()).then((r) => [r.applies, r.problems]), [true, []]);

  writeFileSync(model, 'model: y\n');
  const changed = await verifyCertificate(cert, root, process.cwd());
  assert.equal(changed.applies, false);
  assert.match(changed.problems[0], /^model\.yaml: changed since the certificate was written/);
  writeFileSync(model, 'model: x\n');

  const json = join(cert, 'certificate.json');
  writeFileSync(json, readFileSync(json, 'utf8').replace('"verdict": "pass"', '"verdict": "pass" '));
  const edited = await verifyCertificate(cert, root, process.cwd());
  assert.deepEqual(edited.problems, ['certificate.json was edited after flowcert wrote it (its sha-256 differs from integrity.json)']);

  const none = await verifyCertificate(join(dir, 'nothing'), root, process.cwd());
  assert.match(none.problems[0], /^no certificate\.json in /);
});

test('the certificate names the profile: run-wide in its options and header, and per model', () => {
  const c = buildCertificate({
    identity: { name: 'Acme' }, role: 'AgentApplication', harness: { ...HARNESS, options: { profile: 'genem-table' } },
    records: [record('accepts', 10, 'pass', [check('accept', 'pass', { profile: 'genem-table' })])], catalog: defaultCatalog, evidence: () => ({ excerpt: [] }),
  });
  assert.equal(c.models[0].profile, 'genem-table');
  const html = renderCertificateHtml(c);
  assert.match(html, /Under profile <code>genem-table<\/code>: each model that declares it was read that way/);
  assert.match(html, /<code>scenarios\/deliver-interaction-to-agent\.yaml<\/code>, profile <code>genem-table<\/code>/);
  const plain = build([record('accepts', 10, 'pass', [check('accept', 'pass')])]);
  assert.equal(plain.models[0].profile, undefined);
  assert.doesNotMatch(renderCertificateHtml(plain), /Under profile/);
});
