/**
 * What counts as a secret. A binding configuration holds the passwords and tokens a system under test
 * needs (README, "Secrets"); flowcert hands them to the SUT and writes them nowhere. These rules decide
 * which values those are, from the shape of the configuration alone — no value is ever guessed at by
 * its content, only by where it stands:
 *
 * - a value whose key names a secret (`password`, `ACME_TOKEN`, `apiKey`…: isSecretName);
 * - an argument after a flag that names one (`--token xyz`, or `--token=xyz`: secretInArgs);
 * - the password of a URL and its query parameters that name one (`ws://u:pw@h/?token=xyz`: secretsInUrl);
 * - a variable of the environment flowcert runs in whose name names one (secretsOfEnvironment);
 * - anything written as `{ secret: … }` (the configuration loader reads that form).
 *
 * Pure: no I/O.
 */

/**
 * Words that make a key secret, case-insensitive, at the start or the end of one of the key's words:
 * `password`, `db_password`, `dbPassword`, `authtoken`, `tokens`, `clientSecret`. Over-eager on purpose
 * (`tokenizer` is marked too): marking a value that is no secret costs a `[secret]` in a report;
 * missing one leaks it.
 */
// `licence` / `license`: a licence key opens a product as a password does (`--licence XYZ`, LICENSE_KEY).
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'credential', 'licence', 'license'];

/** Two words that name a secret together: `api_key`, `apiKey`, `X-API-Key`, `private_key`. */
const SECRET_PAIRS = [
  ['api', 'key'],
  ['private', 'key'],
  ['access', 'key'],
];

/**
 * Shorter values are not treated as secrets: replacing every `abc` or `42` in a trace would hide
 * nothing and garble everything (interaction ids, ticket numbers, counts). The loader warns about a
 * value named like a secret that is this short, and refuses an explicit `{ secret: … }` that is.
 */
export const MIN_SECRET_CHARS = 4;

/**
 * Environment variables named like secrets that are not: the shell's working folders. Redacting
 * PWD would turn every path in every report into `[secret]`.
 */
const NOT_SECRET_VARIABLES = new Set(['PWD', 'OLDPWD']);

/** Words a setting takes (TOKENIZERS_PARALLELISM=false) that cannot be a secret. */
const SETTING_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'none']);

/** The words of a key: split at anything not a letter or a digit and at camelCase humps, lower case. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Whether a key (a YAML key, an environment variable, a query parameter, a flag without its dashes) names a secret. */
export function isSecretName(key: string): boolean {
  const words = keyWords(key);
  for (const w of words) if (SECRET_WORDS.some((s) => w.startsWith(s) || w.endsWith(s) || w.endsWith(`${s}s`))) return true;
  for (let i = 0; i + 1 < words.length; i++) {
    if (SECRET_PAIRS.some(([a, b]) => words[i].endsWith(a) && words[i + 1].startsWith(b))) return true;
  }
  return false;
}

/** A value long enough, and not a setting word, to be redacted wherever it turns up. */
export function isRedactable(value: string): boolean {
  const v = value.trim();
  return v.length >= MIN_SECRET_CHARS && !SETTING_WORDS.has(v.toLowerCase());
}

/**
 * The secrets in a list of arguments: the one after a flag that names a secret (`--token xyz`,
 * `-password xyz`), and the value of `--token=xyz`. `${VAR}` references are left to the environment's
 * rules: their values are secrets when the variable's name says so.
 */
export function secretsInArgs(args: readonly string[]): { index: number; value: string }[] {
  const out: { index: number; value: string }[] = [];
  args.forEach((arg, i) => {
    const m = /^-{1,2}([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(arg);
    if (!m || !isSecretName(m[1])) return;
    if (m[2] !== undefined) out.push({ index: i, value: m[2] });
    else if (i + 1 < args.length && !/^--?[A-Za-z]/.test(args[i + 1])) out.push({ index: i + 1, value: args[i + 1] });
  });
  return out;
}

/**
 * The secrets a URL carries: the password of its user info (`ws://desk:pw@host/`) and the values of
 * query parameters named like secrets (`?token=xyz`, `?api_key=xyz`). Text that is not a URL has none.
 * Values come back decoded (as the server reads them); the redactor also knows their encoded forms.
 */
export function secretsInUrl(text: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return [];
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return [];
  }
  const out: string[] = [];
  if (url.password !== '') out.push(decodeURIComponent(url.password));
  for (const [name, value] of url.searchParams) if (isSecretName(name) && value !== '') out.push(value);
  return out;
}

/**
 * The secrets of the environment flowcert runs in, which every spawned SUT inherits: the values of
 * variables named like secrets (GITHUB_TOKEN, ACME_PASSWORD), and the secrets in values that are URLs
 * (DATABASE_URL=postgres://u:pw@db/x). Values too short or that are setting words are left out.
 */
export function secretsOfEnvironment(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || NOT_SECRET_VARIABLES.has(name)) continue;
    if (isSecretName(name) && isRedactable(value)) out.push(value);
    for (const s of secretsInUrl(value)) if (isRedactable(s)) out.push(s);
  }
  return out;
}
