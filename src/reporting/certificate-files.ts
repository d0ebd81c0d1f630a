import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderCertificateHtml } from './certificate-html.ts';
import { CERTIFICATE_FORMAT } from './certificate.ts';
import type { Certificate } from './certificate.ts';

/**
 * A certificate on disk: certificate.json (the data), certificate.html (the page), and integrity.json
 * (the sha-256 of both). `flowcert certify --verify` re-reads the folder, says whether it was edited
 * since it was written, and whether the suite it names — models, features, catalog, configuration —
 * is still the same, byte for byte. The integrity file is tamper evidence, not a signature: whoever can
 * edit the folder can rewrite it too; it catches an edit, not a forger.
 */
export const CERTIFICATE_FILES = { json: 'certificate.json', html: 'certificate.html', integrity: 'integrity.json' } as const;

/**
 * flowcert's own files every verdict rests on — the catalog and the step definitions — as a certificate
 * (and a shard's suite) lists them: `flowcert:` paths, resolved against flowcert's package.
 */
export const FLOWCERT_SUITE_FILES: readonly string[] = ownSuiteFiles();

/**
 * Read from flowcert's own folders, not listed by hand: a protocol table or a step file added later is
 * part of every certificate from then on, so it cannot change a verdict behind one's back.
 */
function ownSuiteFiles(): string[] {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const ts = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts')).sort().map((f) => `${dir}/${f}`);
  return ['src/catalog/registry.ts', 'src/catalog/types.ts', ...ts('src/catalog/protocols'), ...ts('steps')].map((f) => `flowcert:${f}`);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `path` resolves against `root` unless it names a file of flowcert itself (`flowcert:src/…`), resolved against `packageRoot`. */
export function resolveSuitePath(path: string, root: string, packageRoot: string): string {
  return path.startsWith('flowcert:') ? join(packageRoot, path.slice('flowcert:'.length)) : resolve(root, path);
}

export async function hashFiles(paths: readonly string[], root: string, packageRoot: string): Promise<{ path: string; sha256: string }[]> {
  const out: { path: string; sha256: string }[] = [];
  for (const path of [...new Set(paths)].sort()) out.push({ path, sha256: sha256(await readFile(resolveSuitePath(path, root, packageRoot))) });
  return out;
}

export async function writeCertificate(dir: string, c: Certificate): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(c, null, 2)}\n`;
  const html = renderCertificateHtml(c);
  const files = { json: join(dir, CERTIFICATE_FILES.json), html: join(dir, CERTIFICATE_FILES.html) };
  await writeFile(files.json, json);
  await writeFile(files.html, html);
  await writeFile(join(dir, CERTIFICATE_FILES.integrity), `${JSON.stringify({ [CERTIFICATE_FILES.json]: sha256(json), [CERTIFICATE_FILES.html]: sha256(html) }, null, 2)}\n`);
  return files;
}

export interface VerifyResult {
  /** The certificate as read, when it could be. */
  certificate?: Certificate;
  /** Nothing edited and the suite unchanged: the certificate still applies. */
  applies: boolean;
  /** Each thing that differs, in words. */
  problems: string[];
  /** The folder holds no certificate (or does not exist): nothing to verify, the input is wrong. */
  noCertificate?: true;
}

/** Re-reads a certificate folder and re-hashes the suite it names, relative to `root` (the run's folder). */
export async function verifyCertificate(dir: string, root: string, packageRoot: string): Promise<VerifyResult> {
  const problems: string[] = [];
  const read = async (name: string) => readFile(join(dir, name), 'utf8').catch(() => undefined);
  const [json, html, integrityText] = await Promise.all([read(CERTIFICATE_FILES.json), read(CERTIFICATE_FILES.html), read(CERTIFICATE_FILES.integrity)]);
  if (json === undefined) return { applies: false, noCertificate: true, problems: [`no ${CERTIFICATE_FILES.json} in ${dir}: not a certificate folder (flowcert certify writes one under reports/certificate/)`] };
  let c: Certificate;
  try {
    c = JSON.parse(json) as Certificate;
  } catch (err) {
    return { applies: false, problems: [`${CERTIFICATE_FILES.json} is not JSON (${(err as Error).message}): it was edited or cut`] };
  }
  if (c.format !== CERTIFICATE_FORMAT) problems.push(`${CERTIFICATE_FILES.json} says format ${JSON.stringify(c.format)}; this flowcert reads ${CERTIFICATE_FORMAT}`);
  let integrity: Record<string, string> = {};
  if (integrityText === undefined) problems.push(`no ${CERTIFICATE_FILES.integrity}: the folder's files cannot be checked for edits`);
  else {
    try {
      integrity = JSON.parse(integrityText) as Record<string, string>;
    } catch {
      problems.push(`${CERTIFICATE_FILES.integrity} is not JSON: it was edited`);
    }
  }
  if (integrityText !== undefined && integrity[CERTIFICATE_FILES.json] !== sha256(json)) problems.push(`${CERTIFICATE_FILES.json} was edited after flowcert wrote it (its sha-256 differs from ${CERTIFICATE_FILES.integrity})`);
  if (html === undefined) problems.push(`${CERTIFICATE_FILES.html} is missing`);
  else if (integrityText !== undefined && integrity[CERTIFICATE_FILES.html] !== sha256(html)) problems.push(`${CERTIFICATE_FILES.html} was edited after flowcert wrote it (its sha-256 differs from ${CERTIFICATE_FILES.integrity})`);
  for (const f of c.harness?.files ?? []) {
    let now: string;
    try {
      now = sha256(await readFile(resolveSuitePath(f.path, root, packageRoot)));
    } catch {
      problems.push(`${f.path}: gone from the suite (the certificate rests on it)`);
      continue;
    }
    if (now !== f.sha256) problems.push(`${f.path}: changed since the certificate was written (sha-256 ${f.sha256.slice(0, 12)}… then, ${now.slice(0, 12)}… now)`);
  }
  return { certificate: c, applies: problems.length === 0, problems };
}
