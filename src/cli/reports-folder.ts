import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { inTheWay, MANIFEST_FILE, readPreviousRun, ReportsManifest, type PreviousRun } from '../reporting/reports-manifest.ts';

/**
 * What `flowcert run` writes in its reports folder, and the checks and the claim around it: a run
 * removes only what the previous run's manifest lists, refuses to overwrite what it did not write, and
 * does both only once every other check has passed (reporting/reports-manifest.ts has the rules).
 */
export interface ReportsLayout {
  dir: string;
  /** Written by a fixed name: cucumber's formatter outputs and flowcert's JUnit file. */
  files: string[];
  /** Written into by names made up as the run goes. */
  folders: string[];
  junit: string;
  allureResults: string;
  allureReport: string;
  /** The Allure report is generated (no --no-allure). */
  allure: boolean;
}

export function reportsLayout(dir: string, formatterOutputs: readonly string[], allure: boolean, extraFolders: readonly string[] = [], extraFiles: readonly string[] = []): ReportsLayout {
  const junit = join(dir, 'cucumber-junit.xml');
  const allureResults = join(dir, 'allure-results');
  const allureReport = join(dir, 'allure-report');
  return {
    dir,
    files: [...formatterOutputs, junit, ...extraFiles],
    folders: [allureResults, join(dir, 'traces'), ...(allure ? [allureReport] : []), ...extraFolders],
    junit,
    allureResults,
    allureReport,
    allure,
  };
}

/**
 * Before anything is written: a folder flowcert may use, a manifest it can read, nothing of anyone
 * else's in the way. `option`: the option that names the folder, for messages (merge's is --out).
 */
export async function checkReportsFolder(layout: ReportsLayout, cwd: string, option = '--reports'): Promise<{ previous: PreviousRun } | { problem: string }> {
  const shown = (p: string) => shortPath(cwd, p);
  if (existsSync(layout.dir) && !statSync(layout.dir).isDirectory()) {
    return { problem: `${option} ${shown(layout.dir)} is a file, not a folder\n  give the folder the reports go in, e.g. ${option} reports` };
  }
  const previous = await readPreviousRun(layout.dir);
  if (previous.kind === 'unreadable') {
    return {
      problem:
        `${shown(join(layout.dir, MANIFEST_FILE))} cannot be read: ${previous.message}\n` +
        `  it records what the last run wrote; without it flowcert cannot tell its files from yours there, so it changes nothing\n` +
        `  remove it (and whatever of the last run's reports you do not want), or choose another folder with ${option}`,
    };
  }
  const blocking = await inTheWay(layout.dir, previous, { files: layout.files, wholeFolders: layout.allure ? [layout.allureReport] : [] });
  if (blocking.length > 0) {
    const list = blocking.slice(0, 5).map(shown).join(', ') + (blocking.length > 5 ? `, and ${blocking.length - 5} more` : '');
    const one = blocking.length === 1;
    return {
      problem:
        `${list} ${one ? 'is' : 'are'} in the way: flowcert did not write ${one ? 'it' : 'them'} (${shown(join(layout.dir, MANIFEST_FILE))} does not list ${one ? 'it' : 'them'}), and this run would overwrite ${one ? 'it' : 'them'}\n` +
        `  move ${one ? 'it' : 'them'} elsewhere, or choose another folder with ${option}; reports an older flowcert wrote (before manifests) are removed once by hand`,
    };
  }
  return { previous };
}

/**
 * The first change on disk: the previous run's files go, the new manifest is written. With
 * --no-allure an Allure report the previous run made is removed with the rest (nothing from an older
 * run may pass for this one's); one flowcert did not make is left alone, with a warning.
 */
export async function claimReportsFolder(layout: ReportsLayout, previous: PreviousRun, cwd: string, warn: (s: string) => void): Promise<ReportsManifest> {
  const { manifest } = await ReportsManifest.claim(layout.dir, previous, { files: layout.files, folders: layout.folders });
  if (!layout.allure && existsSync(layout.allureReport)) {
    warn(`${shortPath(cwd, layout.allureReport)} is not this run's (--no-allure), and flowcert did not write what is in it, so it is left as it is`);
  }
  // Every second: a run killed outright leaves at most its last second's files unlisted.
  manifest.recordEvery(1000);
  return manifest;
}

/** A path under the run's folder as the user would type it; anything else absolute. */
export function shortPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
}
