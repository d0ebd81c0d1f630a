import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may connect to an endpoint flowcert listens on (README, "Access token"). Every listener binds
 * 127.0.0.1 unless told otherwise; bound to any address that is not loopback it must be given a shared
 * token, and a connecting client must present it — `?token=` on a WebSocket URL, or a first frame
 * `{"token":"…"}` over TCP. A token given to a loopback listener is required all the same, which is
 * also how the mechanism is tested without leaving loopback.
 */

/** Shorter tokens are refused: a guessable token on a listener open to the network protects nothing. */
export const MIN_TOKEN_CHARS = 16;

/** The query parameter a WebSocket client presents the token in. */
export const TOKEN_PARAMETER = 'token';

/** How long a TCP client has to send its token frame before it is refused. */
export const TOKEN_FRAME_TIMEOUT_MS = 5000;

/**
 * Whether a host to listen on is loopback only: `localhost`, 127.0.0.0/8, ::1 (in any spelling the URL
 * parser normalises, `127.1`, `[0:0:0:0:0:0:0:1]`, `::ffff:127.0.0.1`). Anything else — another
 * address, `0.0.0.0`, `::`, a host name — is not.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (h === 'localhost') return true;
  let normal: string;
  try {
    normal = new URL(`ws://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}/`).hostname;
  } catch {
    return false;
  }
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(normal)) return true;
  if (normal === '[::1]') return true;
  // ::ffff:127.x.y.z, normalised to hex: ::ffff:7fxx:yyzz
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(normal);
}

/**
 * Why a listener with these options may not listen, or undefined when it may: off loopback without a
 * token, or with a token too short to guess at. Said before anything binds.
 */
export function listenProblem(host: string, token: string | undefined): string | undefined {
  if (token !== undefined && token.length < MIN_TOKEN_CHARS) {
    return `an access token must be at least ${MIN_TOKEN_CHARS} characters long (it is ${token.length}); generate one, e.g. openssl rand -hex 16`;
  }
  if (token === undefined && !isLoopbackHost(host)) {
    return `${host} is not a loopback address: listening there needs an access token that connecting clients present (README, "Access token"), or listen on 127.0.0.1`;
  }
  return undefined;
}

/** What a client presented: nothing, the token, or something else (never kept: it may be someone's other secret). */
export type Presented = 'none' | 'right' | 'wrong';

/** Compares in constant time, so the answer's timing tells nothing about how much of a guess was right. */
export function checkToken(expected: string, presented: string | null | undefined): Presented {
  if (presented === null || presented === undefined || presented === '') return 'none';
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b) ? 'right' : 'wrong';
}

/** A connection refused for its token: what the listener reports (the presented value is never part of it). */
export interface Refusal {
  /** `127.0.0.1:50312` */
  peer: string;
  /** The path asked for (WebSocket), or undefined over TCP. */
  path?: string;
  /** The name it announced with `?participant=`, if any: who it was, as far as it said. */
  participant?: string;
  presented: Exclude<Presented, 'right'>;
  /** One line for the trace: who, where, why. */
  text: string;
}

export function refusalText(peer: string, where: string, presented: Exclude<Presented, 'right'> | 'late', participant?: string, waitedMs = TOKEN_FRAME_TIMEOUT_MS): string {
  const who = participant !== undefined ? `${JSON.stringify(participant)} from ${peer}` : peer;
  const why = {
    none: 'it presented no access token',
    wrong: 'it presented a wrong access token',
    late: `it sent no token frame within ${waitedMs} ms`,
  }[presented];
  return `refused a connection of ${who} to ${where}: ${why}`;
}

/** Adds the token to a URL a client is given (a WebSocket URL's query; a tcp:// URL's too: flowcert's TCP client sends it as its first frame). */
export function withToken(url: string, token: string | undefined): string {
  if (token === undefined) return url;
  const u = new URL(url);
  u.searchParams.set(TOKEN_PARAMETER, token);
  return u.toString();
}

/** The URL without its token, for what is shown to a person (serve's endpoints). */
export function withoutToken(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has(TOKEN_PARAMETER)) return url;
  u.searchParams.delete(TOKEN_PARAMETER);
  return u.toString();
}

/** The first frame a TCP client sends to present its token. */
export function tokenFrame(token: string): string {
  return JSON.stringify({ token });
}

/** The token a TCP client's first frame presents: the frame must be exactly `{"token": "…"}`. */
export function tokenOfFrame(frame: string | Buffer): string | undefined {
  try {
    const v: unknown = JSON.parse(typeof frame === 'string' ? frame : frame.toString('utf8'));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const keys = Object.keys(v);
    const token = (v as { token?: unknown }).token;
    return keys.length === 1 && typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}
