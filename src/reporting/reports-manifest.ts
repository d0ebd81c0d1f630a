import { lstat, mkdir, readdir, readFile, realpath, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * The reports folder's record of what flowcert wrote there, so that a run deletes only that.
 *
 * `<reports>/.flowcert-manifest.json` lists every file and folder one run created, relative to the
 * reports folder (folders end with `/`). The next run removes exactly those — files first, then the
 * listed folders that are empty — and nothing else: a user's `notes.txt` beside the reports, or their
 * own trace in `traces/`, stays. A listed file is removed even if it was edited since: it is still the
 * previous run's report, and left in place it would pass for this run's. A file the run writes by a
 * fixed name (`cucumber-report.html`, …) that exists but is not listed is someone else's: the run
 * refuses to start rather than overwrite it (see inTheWay).
 *
 * The manifest is written before the run writes anything (listing the files it is about to create),
 * then again as the run goes and at its end, each time whole and by rename, so a run that is
 * interrupted or killed still leaves a readable record of what it had written by then.
 */
export const MANIFEST_FILE = '.flowcert-manifest.json';

interface ManifestData {
  about: string;
  started: string;
  /** Absent while the run is going, and in the record of a run that was killed. */
  finished?: string;
  created: string[];
}

const ABOUT = 'What flowcert run created in this folder; the next run removes these (and only these). Written by flowcert; do not edit.';

export type PreviousRun =
  | { kind: 'none' }
  | { kind: 'listed'; created: string[]; finished: boolean }
  | { kind: 'unreadable'; message: string };

/** The previous run's record: absent, read and checked, or unreadable (then nothing is flowcert's to remove). */
export async function readPreviousRun(reportsDir: string): Promise<PreviousRun> {
  let text: string;
  try {
    text = await readFile(join(reportsDir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', message: (err as Error).message };
  }
  let data: Partial<ManifestData>;
  try {
    data = JSON.parse(text) as Partial<ManifestData>;
  } catch (err) {
    return { kind: 'unreadable', message: `not JSON (${(err as Error).message})` };
  }
  if (!Array.isArray(data?.created)) return { kind: 'unreadable', message: 'it has no "created" list' };
  // A hand-edited or foreign record must never make flowcert delete outside the reports folder.
  const bad = data.created.find((p) => !isInside(p));
  if (bad !== undefined) return { kind: 'unreadable', message: `it lists ${JSON.stringify(bad)}, which is not a path inside the reports folder` };
  return { kind: 'listed', created: data.created as string[], finished: typeof data.finished === 'string' };
}

/**
 * What this run would overwrite or wipe that flowcert did not write: each output written by a fixed
 * name that exists and the previous record does not list, and every unlisted file inside an output
 * folder that is generated whole (the Allure report, which its generator empties first).
 * Absolute paths; empty when the run may go ahead.
 */
export async function inTheWay(reportsDir: string, previous: PreviousRun, outputs: { files: readonly string[]; wholeFolders: readonly string[] }): Promise<string[]> {
  const listed = new Set(previous.kind === 'listed' ? previous.created : []);
  const found: string[] = [];
  for (const file of outputs.files) {
    if ((await kindOf(file)) !== undefined && !listed.has(rel(reportsDir, file))) found.push(file);
  }
  for (const folder of outputs.wholeFolders) {
    const kind = await kindOf(folder);
    if (kind === 'file') found.push(folder);
    else if (kind === 'dir') for (const p of await walk(folder)) if (!p.endsWith('/') && !listed.has(rel(reportsDir, join(folder, p)))) found.push(join(folder, p));
  }
  return found;
}

export interface ClaimOptions {
  /** Files the run writes by a fixed name (absolute). */
  files: readonly string[];
  /** Folders the run writes into, by names it makes up as it goes (absolute): allure-results, traces, the Allure report. */
  folders: readonly string[];
}

export class ReportsManifest {
  private readonly created = new Set<string>();
  private readonly foreign = new Set<string>();
  private readonly started = new Date().toISOString();
  private finished: string | undefined;
  private written = '';
  private queue: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly reportsDir: string,
    private readonly opts: ClaimOptions,
  ) {}

  /**
   * Takes the reports folder for a new run: removes what the previous run listed, notes what else is
   * there (never to be listed or removed), and writes the new record listing what the run is about to
   * create. Call only once every check has passed: this is the first change on disk.
   */
  static async claim(reportsDir: string, previous: PreviousRun, opts: ClaimOptions): Promise<{ manifest: ReportsManifest; removed: number }> {
    await mkdir(reportsDir, { recursive: true });
    const removed = previous.kind === 'listed' ? await removeListed(reportsDir, previous.created) : 0;
    const m = new ReportsManifest(reportsDir, opts);
    for (const p of await m.present()) m.foreign.add(p);
    for (const file of opts.files) {
      m.created.add(rel(reportsDir, file));
      // Folders the run's first files will need, unless something already made them.
      for (let d = dirname(file); isInside(rel(reportsDir, d)) && !(await kindOf(d)); d = dirname(d)) m.created.add(`${rel(reportsDir, d)}/`);
    }
    await m.write();
    return { manifest: m, removed };
  }

  /**
   * Records what the run wrote so far: every path in the output folders that was not there before it.
   * Scans run one at a time; a scan not yet started answers every request made before it starts.
   */
  record(): Promise<void> {
    if (this.pending) return this.pending;
    const scan = this.queue.then(async () => {
      this.pending = undefined;
      for (const p of await this.present()) if (!this.foreign.has(p)) this.created.add(p);
      await this.write();
    });
    this.pending = scan;
    this.queue = scan.catch(() => {});
    return scan;
  }

  /** Records every `ms` until finish(): a run killed outright leaves at most that much unlisted. */
  recordEvery(ms: number): void {
    this.timer ??= setInterval(() => void this.record().catch(() => {}), ms);
    this.timer.unref?.();
  }

  /**
   * Cucumber's messages: the run's end is recorded at once. A finished scenario is not: a scan walks
   * every output folder, which grows with every scenario, and the timer of recordEvery lists its files
   * within the same bound a kill leaves anyway (one scan per scenario cost the run O(scenarios²)).
   */
  onMessage(envelope: { testRunFinished?: unknown }): void {
    if (envelope.testRunFinished) void this.record().catch(() => {});
  }

  /** The last record, marked finished. */
  async finish(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.finished = new Date().toISOString();
    await this.record();
  }

  /** What the record lists now, relative to the reports folder. */
  listed(): string[] {
    return [...this.created].sort();
  }

  /** Every path now under the output folders, and each fixed-name output that exists. */
  private async present(): Promise<string[]> {
    const out: string[] = [];
    for (const folder of this.opts.folders) {
      if ((await kindOf(folder)) !== 'dir') continue;
      const base = rel(this.reportsDir, folder);
      out.push(`${base}/`, ...(await walk(folder)).filter((p) => !inFlight(p)).map((p) => `${base}/${p}`));
    }
    for (const file of this.opts.files) if ((await kindOf(file)) !== undefined) out.push(rel(this.reportsDir, file));
    return out;
  }

  private async write(): Promise<void> {
    const data: ManifestData = { about: ABOUT, started: this.started, ...(this.finished ? { finished: this.finished } : {}), created: this.listed() };
    const text = `${JSON.stringify(data, null, 2)}\n`;
    if (text === this.written) return;
    // Whole or not at all: a run killed mid-write leaves the previous record, never half of one.
    const file = join(this.reportsDir, MANIFEST_FILE);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
    this.written = text;
  }
}

/** Removes the listed files, then the listed folders left empty, deepest first. Returns how many went. */
async function removeListed(reportsDir: string, created: readonly string[]): Promise<number> {
  const root = await realpath(reportsDir);
  let removed = 0;
  for (const p of created.filter((c) => !c.endsWith('/'))) {
    const abs = join(reportsDir, ...p.split('/'));
    // Through a folder that is now a link to elsewhere, the "same" path is someone else's file.
    if (!(await staysInside(root, dirname(abs)))) continue;
    if ((await kindOf(abs)) !== 'file') continue;
    await unlink(abs).then(() => removed++, () => {});
  }
  const folders = created.filter((c) => c.endsWith('/')).sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
  for (const p of folders) {
    const abs = join(reportsDir, ...p.split('/').filter(Boolean));
    if (!(await staysInside(root, abs)) || (await kindOf(abs)) !== 'dir') continue;
    // Not empty: something in it is not flowcert's, so the folder stays too.
    await rmdir(abs).then(() => removed++, () => {});
  }
  return removed;
}

/** `file` and `dir` as lstat sees them (a link is a file: removing it never touches what it points to). */
async function kindOf(p: string): Promise<'file' | 'dir' | undefined> {
  try {
    return (await lstat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

async function staysInside(root: string, p: string): Promise<boolean> {
  try {
    const real = await realpath(p);
    return real === root || real.startsWith(root + sep);
  } catch {
    return false;
  }
}

/** Every file and folder below `dir` (folders with a trailing `/`), relative to it, `/`-separated; links are not followed. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string, prefix: string) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        out.push(`${prefix}${e.name}/`);
        await visit(join(d, e.name), `${prefix}${e.name}/`);
      } else out.push(`${prefix}${e.name}`);
    }
  };
  await visit(dir, '');
  return out;
}

/**
 * A file being written under its temporary name (allure's `.allure-write-` prefix, which its report
 * skips too): renamed a moment later, so listing it would name a file that is gone by the end.
 */
function inFlight(p: string): boolean {
  return p.slice(p.lastIndexOf('/') + 1).startsWith('.allure-write-');
}

function rel(reportsDir: string, p: string): string {
  return relative(reportsDir, p).split(sep).join('/');
}

/** A relative, `/`-separated path that stays inside the folder it is relative to, and is not the manifest. */
function isInside(p: unknown): boolean {
  if (typeof p !== 'string' || p === '' || isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.includes('\\')) return false;
  const parts = p.replace(/\/$/, '').split('/');
  return parts.every((s) => s !== '' && s !== '.' && s !== '..') && parts.join('/') !== MANIFEST_FILE;
}
