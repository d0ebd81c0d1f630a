import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * What `flowcert run` needs to know of a model it does not run (model-inventory.ts): its timers,
 * profiles, variants and phases, or that it does not load. Parsing all of scenarios/ for that costs
 * more than everything else a run does before its first scenario, so each file's summary is kept on
 * disk, keyed by what decides it: the file's bytes, its name, and the very code that read it.
 *
 * The code is named by the build's stamp (dist/.build-stamp.json, written by every build, with a hash of
 * everything the build wrote): other code never reads this code's entries. Running the
 * sources (a stale build, FLOWCERT_SOURCES=1) has no such name, so it caches nothing: an edit to the
 * loader is never answered by an old summary. The cache is a convenience only: an entry that cannot be
 * read or written is a miss, and the run parses the file as it would without a cache.
 */
/** A lint warning of a model that loads, without its file (the summary is the file's; the run names it as the user typed it). */
export interface ModelWarning {
  line: number;
  col: number;
  code: string;
  message: string;
  hint?: string;
}

export type ModelSummary =
  | { loads: true; name: string; timers: string[]; profiles: string[]; variants: string[]; phases: Array<{ id: string; title: string }>; warnings?: ModelWarning[] }
  | { loads: false; errors: number; declaredName?: string };

/** Entries of other builds older than this are removed when a new build first writes. */
const STALE_BUILD_MS = 7 * 24 * 3600 * 1000;

export class ModelSummaryCache {
  private readonly dir: string;
  /** The folder made (and other builds' entries pruned), once: every put waits for it, not only the first. */
  private ready: Promise<void> | undefined;

  /** `identity`: the code's name (codeIdentity()); `root`: the cache folder (cacheRoot()). */
  constructor(
    private readonly root: string,
    identity: string,
  ) {
    this.dir = join(root, 'models', createHash('sha256').update(identity).digest('hex').slice(0, 16));
  }

  private key(file: string, bytes: Buffer): string {
    return createHash('sha256').update(file).update('\0').update(bytes).digest('hex');
  }

  async get(file: string, bytes: Buffer): Promise<ModelSummary | undefined> {
    try {
      const entry = JSON.parse(await readFile(join(this.dir, `${this.key(file, bytes)}.json`), 'utf8')) as ModelSummary;
      return typeof entry === 'object' && entry !== null && typeof entry.loads === 'boolean' ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async put(file: string, bytes: Buffer, summary: ModelSummary): Promise<void> {
    try {
      // Puts come in parallel (the inventory reads every model at once): one that did not wait would
      // write before the folder exists, and the entry would be lost without a word.
      this.ready ??= mkdir(this.dir, { recursive: true }).then(() => this.pruneOtherBuilds());
      await this.ready;
      // Written whole, then renamed: a run reading meanwhile finds the entry or none, never half of one.
      const path = join(this.dir, `${this.key(file, bytes)}.json`);
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(summary));
      await rename(tmp, path);
    } catch {
      // A read-only or full disk costs the next run a parse, nothing else.
    }
  }

  private async pruneOtherBuilds(): Promise<void> {
    const models = join(this.root, 'models');
    for (const name of await readdir(models).catch(() => [] as string[])) {
      const dir = join(models, name);
      if (dir === this.dir) continue;
      const s = await stat(dir).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > STALE_BUILD_MS) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/**
 * The cache folder: FLOWCERT_CACHE_DIR, else $XDG_CACHE_HOME/flowcert, else ~/.cache/flowcert;
 * undefined (no cache) when FLOWCERT_CACHE_DIR is `off` or empty.
 */
export function cacheRoot(env: Record<string, string | undefined>): string | undefined {
  const own = env.FLOWCERT_CACHE_DIR;
  if (own !== undefined) return own === '' || own === 'off' ? undefined : own;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg ? xdg : join(homedir(), '.cache'), 'flowcert');
}

/**
 * The running code's name for the cache: the hash of the build's output its stamp records (a rebuild
 * that changes no output keeps the name), or the whole stamp of a build that records none; undefined
 * from the sources.
 */
export function codeIdentity(): string | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  try {
    const stamp = readFileSync(new URL('../../dist/.build-stamp.json', import.meta.url), 'utf8');
    const code = (JSON.parse(stamp) as { code?: unknown }).code;
    return typeof code === 'string' ? `build ${code}` : stamp;
  } catch {
    return undefined;
  }
}
