import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** A file the server holds in memory (a page compiled for the browser), by its URL path. */
export interface ServedFile {
  mediaType: string;
  body: string | Uint8Array;
}

export interface HttpFilesOptions {
  /** Files in memory by URL path (`/`, `/desktop.js`); looked up first. */
  files?: Readonly<Record<string, ServedFile>>;
  /** A folder served as it is on disk (a third party's page): nothing outside it is ever read. */
  folder?: string;
  host?: string;
  port?: number;
}

export interface HttpFilesHandle {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly origin: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A static file server for web pages (the reference web desktop, a third party's page under test): GET
 * only, loopback by default, port 0. It serves pages, not protocols — the page talks to the servers
 * over their own WebSocket endpoints.
 */
export function serveHttpFiles(opts: HttpFilesOptions): Promise<HttpFilesHandle> {
  const folder = opts.folder !== undefined ? normalize(opts.folder) : undefined;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = opts.files?.[path] ?? (path.endsWith('/') ? opts.files?.[`${path}index.html`] : undefined);
      if (file) {
        res.writeHead(200, { 'content-type': file.mediaType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : file.body);
        return;
      }
      if (folder !== undefined) {
        const target = normalize(join(folder, path.endsWith('/') ? `${path}index.html` : path));
        if (target === folder || target.startsWith(folder.endsWith(sep) ? folder : folder + sep)) {
          try {
            const body = await readFile(target);
            res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
            return;
          } catch {
            // not there: 404 below
          }
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`no ${path} here`);
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        origin: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
