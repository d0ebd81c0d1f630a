import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveHttpFiles } from '../transport/index.ts';
import type { HttpFilesHandle, ServedFile } from '../transport/index.ts';

/** The reference web desktop's source: browser code, outside src/ (web/ imports nothing of flowcert's). */
const SOURCE = fileURLToPath(new URL('../../web/reference-desktop/', import.meta.url));

let compiled: Promise<Record<string, ServedFile>> | undefined;

/**
 * The page and its script, compiled once per process: esbuild (tsx's own compiler, so no second
 * toolchain) bundles web/reference-desktop/desktop.ts for the browser, in memory — nothing is written.
 */
export function referenceDesktopFiles(): Promise<Record<string, ServedFile>> {
  compiled ??= (async () => {
    // Loaded on first use: a run that serves no web desktop never pays for esbuild.
    const { build } = await import('esbuild');
    const [html, out] = await Promise.all([
      readFile(`${SOURCE}index.html`, 'utf8'),
      build({ entryPoints: [`${SOURCE}desktop.ts`], bundle: true, write: false, format: 'esm', target: 'chrome110', sourcemap: 'inline', logLevel: 'silent' }),
    ]);
    return {
      '/index.html': { mediaType: 'text/html; charset=utf-8', body: html },
      '/desktop.js': { mediaType: 'text/javascript; charset=utf-8', body: out.outputFiles[0].text },
    };
  })();
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

/** Serves the reference web desktop on 127.0.0.1, port 0 (or the one given). */
export async function serveReferenceDesktop(opts: { host?: string; port?: number } = {}): Promise<HttpFilesHandle> {
  return serveHttpFiles({ files: await referenceDesktopFiles(), ...opts });
}

/**
 * The URL that opens a web desktop on one Interaction Server: the page reads `server` (the `im` face it
 * connects to), `participant` (its ClientName) and `delivering` (ms, for the countdown) from its query.
 */
export function desktopUrl(page: string, server: string, participant: string, extra: Readonly<Record<string, string>> = {}): string {
  const url = new URL(page);
  url.searchParams.set('server', server);
  url.searchParams.set('participant', participant);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.href;
}
