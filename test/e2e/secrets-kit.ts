import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after } from 'node:test';
import { parseTrace } from '../../src/trace/reader.ts';

// The proof that secrets stay out (README, "Secrets"), shared by test/e2e/secrets.test.ts (in one
// process) and test/slow/secrets-parallel.test.ts (--parallel workers).
//
// Secrets stay out. A configuration holds secrets in every place one can hide —
// an environment variable named TOKEN, a URL's password, the argument after --token, an explicit
// { secret: … } argument, a password in the sut identity, a reference server's access token — and the
// environment flowcert runs in holds one more (ACME_API_TOKEN), which the configuration never names.
// A desktop that repeats every secret it was given on stdout, stderr, the wire, its results and its
// dying words (test/fixtures/leaky-desktop/) is certified; then every file under the reports folder,
// and what flowcert printed, is searched for each secret: none may be there. Each output must also
// show [secret] where a secret was taken out — proof that the secret reached it, so the redaction on
// its way there is needed (take it out and this test fails).

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const DESKTOP = join(ROOT, 'test', 'fixtures', 'leaky-desktop', 'desktop.mjs');

const SECRETS = {
  argAfterFlag: 'arg-token-7d1e93',
  explicitArg: 'explicit-licence-88a4',
  envNamedToken: 'env-token-2b6c11',
  urlPassword: 'url-password-c3d9',
  sutPassword: 'sut-password-51f0c2',
  referenceToken: 'is1-access-token-0f9e8d7c',
  inherited: 'inherited-token-4a5b6c',
};

const FEATURE = `Feature: Leaky desktop

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"

  Scenario: It accepts, telling everyone its secrets
    Given agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "accept"

  Scenario: Its login is refused, the server quoting its secret
    Given agent "Refused" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"

  Scenario: It cannot reject, and says why with its secrets
    Given agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "Agent1's desktop" will reject invitations

  Scenario: It dies saying its secrets
    Given agent "Crash" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    Then no "EventRevoked" reaches "Agent1's desktop" within 500 ms
`;

const CONFIG = JSON.stringify(
  {
    sut: { name: 'Leaky Desktop', version: '0.0.1', password: SECRETS.sutPassword },
    participants: {
      "Agent1's desktop": {
        kind: 'process',
        command: process.execPath,
        args: [DESKTOP, '--token', SECRETS.argAfterFlag, '--licence', { secret: SECRETS.explicitArg }],
        env: { TOKEN: SECRETS.envNamedToken, ACME_DB: `postgres://desk:${SECRETS.urlPassword}@db.example/acme` },
      },
      IS1: { kind: 'reference', token: SECRETS.referenceToken },
    },
  },
  null,
  2,
);

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-secrets-'));
  made.push(dir);
  mkdirSync(join(dir, 'features'));
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(join(ROOT, 'scenarios', 'deliver-interaction-to-agent.yaml'), join(dir, 'scenarios', 'deliver-interaction-to-agent.yaml'));
  writeFileSync(join(dir, 'features', 'leaky.feature'), FEATURE);
  writeFileSync(join(dir, 'flowcert.sut.yaml'), CONFIG);
  return dir;
}

function flowcert(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ALLURE_NO_ANALYTICS: 'true', ACME_API_TOKEN: SECRETS.inherited };
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

/** Every place a secret turns up: `file: name of the secret`. */
export function leaks(texts: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [name, secret] of Object.entries(SECRETS)) {
      // As is, and in the forms a secret is written in elsewhere: JSON-escaped, URL-encoded.
      for (const form of new Set([secret, encodeURIComponent(secret)])) if (text.includes(form)) found.push(`${where}: ${name}`);
    }
  }
  return found;
}

export async function certifyLeaky(extra: string[]): Promise<{ dir: string; texts: Record<string, string>; code: number | null; stdout: string; stderr: string }> {
  const dir = project();
  const r = await flowcert(dir, ['certify', '--sut', 'flowcert.sut.yaml', '--no-allure', '--timer', 'delivering=300', ...extra]);
  const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
  for (const f of filesUnder(join(dir, 'reports'))) texts[relative(dir, f)] = readFileSync(f, 'utf8');
  return { dir, texts, ...r };
}

const messagesOf = (ndjson: string) => ndjson.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);

export function checkReports(run: Awaited<ReturnType<typeof certifyLeaky>>): void {
  const { texts } = run;
  assert.equal(run.code, 4, `exit 4: one scenario ends in error (the desktop died)\n${run.stdout.slice(-3000)}${run.stderr}`);
  assert.deepEqual(leaks(texts), [], 'no secret in any report or in what flowcert printed');

  // Each output had a secret to take out: [secret] stands where it was.
  const traces = Object.keys(texts).filter((f) => f.endsWith('.ndjson') && f.includes('traces'));
  assert.equal(traces.length, 4);
  const accepted = texts[traces.find((f) => f.includes('it-accepts'))!];
  assert.match(accepted, /"Extension":\{[^}]*"argv":"[^"]*\[secret\]/, 'the trace: the secrets sent on the wire');
  assert.match(accepted, /started as process \d+: [^"]*--token \[secret\] --licence \[secret\]/, 'the trace: the command line noted');
  assert.match(accepted, /listens on im ws:\/\/127\.0\.0\.1:\d+\/\?token=\[secret\]/, 'the trace: the endpoints noted carry the access token');
  assert.ok(parseTrace(accepted).trace!.entries.some((e) => e.type === 'message' && e.message === 'EventAck'), 'the trace reads, its messages in it');
  const died = texts[traces.find((f) => f.includes('it-dies'))!];
  assert.match(died, /"type":"bad-frame"[^\n]*not JSON at all, but [^\n]*\[secret\]/, 'the trace: a bad frame holding a secret');

  const messages = messagesOf(texts[join('reports', 'cucumber-messages.ndjson')]);
  const attachments = messages.filter((m) => m.attachment).map((m) => m.attachment as { mediaType: string; body: string; fileName?: string });
  const output = attachments.filter((a) => a.fileName === "Agent1's desktop output.txt");
  assert.equal(output.length, 4);
  for (const a of output) assert.match(a.body, /out \| \[leaky\] starting — .*\[secret\]/, 'the attached stdout and stderr');
  const verdicts = attachments.filter((a) => a.mediaType === 'application/vnd.flowcert.verdict+json').map((a) => JSON.parse(a.body) as { verdict: string; reason?: string });
  const crash = verdicts.find((v) => v.verdict === 'error');
  assert.match(crash?.reason ?? '', /exited on its own .*its stderr ends:[\s\S]*cannot go on with .*\[secret\]/, 'the verdict: the dying words quoted');
  const failures = messages.filter((m) => (m.testStepFinished?.testStepResult as { status?: string } | undefined)?.status === 'FAILED').map((m) => (m.testStepFinished.testStepResult as { message: string }).message);
  assert.ok(failures.some((f) => /could not log agent Refused in .*TenantId is "\[secret\]"/.test(f)), `a failed step's message, as cucumber records it: ${failures.join('\n---\n')}`);

  const logs = attachments.filter((a) => a.mediaType === 'text/x.cucumber.log+plain').map((a) => a.body);
  assert.ok(logs.some((l) => /^INCONCLUSIVE: .*no reject button; it has .*\[secret\]/.test(l)), `a log line: ${logs.join('\n')}`);
  assert.match(run.stdout, /\[secret\]/, 'the progress output quotes the failures, redacted');
  assert.match(texts[join('reports', 'cucumber-junit.xml')], /\[secret\]/, 'JUnit quotes the reasons, redacted');
  assert.match(texts[join('reports', 'cucumber-report.html')], /\[secret\]/);
  const certificate = JSON.parse(texts[join('reports', 'certificate', 'certificate.json')]) as { sut: { identity: Record<string, unknown> } };
  assert.deepEqual(certificate.sut.identity, { name: 'Leaky Desktop', version: '0.0.1', password: '[secret]' }, 'the certificate: the identity as configured, its password taken out');
  assert.match(texts[join('reports', 'certificate', 'certificate.html')], /\[secret\]/);
  assert.ok(Object.keys(texts).some((f) => f.includes('allure-results') && texts[f].includes('[secret]')), 'Allure results quote the outputs, redacted');
}

