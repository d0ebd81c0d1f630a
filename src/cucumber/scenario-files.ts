import { basename, join } from 'node:path';

/**
 * Where one scenario's files go: `<reports>/traces/<feature-file-base>/<scenario-slug>-<line>.ndjson`.
 * The line makes it unique per scenario (and per example row of an outline), so --parallel workers
 * never write the same file.
 */
export interface ScenarioFiles {
  /** `<slug>-<line>`: the stem of every file of this scenario. */
  stem: string;
  dir: string;
  trace: string;
}

export function scenarioFiles(reportsDir: string, featureUri: string, scenarioName: string, line: number): ScenarioFiles {
  const feature = basename(featureUri).replace(/\.feature(\.md)?$/, '') || 'feature';
  const stem = `${slug(scenarioName)}-${line}`;
  const dir = join(reportsDir, 'traces', slug(feature, 80));
  return { stem, dir, trace: join(dir, `${stem}.ndjson`) };
}

/** Lower-case words joined by dashes; never empty, never a path. */
export function slug(text: string, max = 60): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s || 'scenario';
}
