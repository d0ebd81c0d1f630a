import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './cli-kit.ts';

/**
 * docs/examples/github-actions.yml as the tests read it: the parsed workflow, and the flowcert command
 * line of each job as words, so the slow test runs exactly what the workflow runs.
 */
export const WORKFLOW_FILE = join(ROOT, 'docs', 'examples', 'github-actions.yml');

export interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

export interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown[]> };
  steps: Step[];
}

export function workflow(): { jobs: Record<string, Job> } {
  return parse(readFileSync(WORKFLOW_FILE, 'utf8')) as { jobs: Record<string, Job> };
}

/** The one step of `job` that runs `flowcert <command>`, as the words after `npx flowcert`. */
export function flowcertCommand(job: Job, command: string): string[] {
  const runs = job.steps.filter((s) => s.run !== undefined && new RegExp(`^npx flowcert ${command}\\b`).test(s.run.trim()));
  if (runs.length !== 1) throw new Error(`${WORKFLOW_FILE}: expected one step running npx flowcert ${command}, found ${runs.length}`);
  // Plain words: a quoted argument would need a shell to read it the way the runner does.
  const line = runs[0].run!.trim();
  if (/["'\\\n]/.test(line)) throw new Error(`${WORKFLOW_FILE}: keep the flowcert ${command} step to one line of plain words, so the test runs it as the runner does: ${line}`);
  // Words as the shell splits them; an expression `${{ … }}` is one word's part, spaces and all.
  return (line.match(/(?:\$\{\{.*?\}\}|\S)+/g) ?? []).slice(2);
}

/** `${{ matrix.shard }}` and the like, replaced by their values. */
export function expand(words: readonly string[], values: Record<string, string | number>): string[] {
  return words.map((w) =>
    w.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`${WORKFLOW_FILE}: no value for \${{ ${name} }} in the test`);
      return String(values[name]);
    }),
  );
}
