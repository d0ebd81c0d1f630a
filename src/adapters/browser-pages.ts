import { resolve as resolvePath, dirname, basename } from 'node:path';
import { existsSync } from 'node:fs';
import { serveHttpFiles } from '../transport/index.ts';
import type { HttpFilesHandle } from '../transport/index.ts';
import { AdapterError } from './adapter.ts';
import { closeSharedBrowsers } from './browser-pool.ts';
import { serveReferenceDesktop } from './web-desktop.ts';

/** Page servers by what they serve (`reference`, or a folder): one per process, like the browser. */
const servers = new Map<string, Promise<HttpFilesHandle>>();

function shared(key: string, open: () => Promise<HttpFilesHandle>): Promise<HttpFilesHandle> {
  let s = servers.get(key);
  if (!s) {
    s = open();
    s.catch(() => servers.delete(key));
    servers.set(key, s);
  }
  return s;
}

/**
 * The address of a binding's page: flowcert's reference web desktop, a URL as given, or a page file
 * whose folder is served on 127.0.0.1 (so the page loads its scripts as it would from any web server).
 */
export async function pageAddress(page: string | undefined, dir: string): Promise<string> {
  if (page === undefined || page === 'reference') return `${(await shared('reference', () => serveReferenceDesktop())).origin}/index.html`;
  if (/^https?:\/\//.test(page)) return page;
  // `index.html?presence=stale`: the page file, and a query of its own that the page is opened with.
  const [path, query] = splitQuery(page);
  const file = resolvePath(dir, path);
  if (!existsSync(file)) throw new AdapterError(`no such page ${file} (the browser binding's page is relative to ${dir})`);
  const folder = dirname(file);
  const server = await shared(folder, () => serveHttpFiles({ folder }));
  return `${server.origin}/${encodeURIComponent(basename(file))}${query}`;
}

/** Closes this process's browsers and page servers (the end of a run, of a worker, of a test). Never throws. */
export async function closeBrowserResources(): Promise<void> {
  const all = [...servers.values()];
  servers.clear();
  await Promise.all([closeSharedBrowsers(), ...all.map((s) => s.then((h) => h.close()).catch(() => undefined))]);
}

/** A page file's path and its query (with the `?`, or empty). */
export function splitQuery(page: string): [string, string] {
  const at = page.indexOf('?');
  return at < 0 ? [page, ''] : [page.slice(0, at), page.slice(at)];
}
