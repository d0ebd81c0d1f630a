import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after } from 'node:test';
import { ROOT } from './cli-kit.ts';

/**
 * Projects for `flowcert run` in-process: a temp folder with features/ and scenarios/ (the project's
 * Deliver model, which declares the delivering timer), removed after the test file. Flow checks are
 * not run in-process (models are found under the process's own folder), so these features start
 * participants and stop there.
 */

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-run-'));
  made.push(dir);
  mkdirSync(join(dir, 'features'));
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(join(ROOT, 'scenarios', 'deliver-interaction-to-agent.yaml'), join(dir, 'scenarios', 'deliver-interaction-to-agent.yaml'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Every file and folder under `dir` with its content (folders: `/`), to prove a command changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const key = relative(dir, p).split('\\').join('/');
      if (statSync(p).isDirectory()) {
        out[`${key}/`] = '';
        visit(p);
      } else out[key] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8').length}`;
    }
  };
  visit(dir);
  return out;
}

export function lastLine(s: string): string {
  return s.trimEnd().split('\n').pop() ?? '';
}

/** Starts two participants and passes: fast, and enough for anything about options and reports. */
export const TINY = `Feature: Tiny

  @smoke
  Scenario: One server
    Given an Interaction Server "IS1"
    And a URS "URS" connected to "IS1"

  @other
  Scenario: Another server
    Given an Interaction Server "IS2"
`;
