import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

// A user's project in a temporary folder, run through the real bin: shared by the end-to-end run tests
// (test/e2e/run.test.ts) and the ones that must wait (test/slow/run-heavy.test.ts).

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const MODEL = join(ROOT, 'scenarios', 'deliver-interaction-to-agent.yaml');

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-run-'));
  made.push(dir);
  return dir;
}

/** A user's project: feature files and the flow models they check, run with flowcert's own steps and reference servers. */
export function project(features: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'features'));
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(MODEL, join(dir, 'scenarios', 'deliver-interaction-to-agent.yaml'));
  for (const [name, text] of Object.entries(features)) writeFileSync(join(dir, 'features', name), text);
  return dir;
}

export function flowcert(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'run', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function lastLine(s: string): string {
  return s.trimEnd().split('\n').pop() ?? '';
}

export const DELIVERY = `Feature: Tiny delivery

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  Scenario: Agent accepts delivery
    Given "Agent1's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "accept"

  @wrong
  Scenario: An accepting agent checked against the reject variant
    Given "Agent1's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "reject"
`;

