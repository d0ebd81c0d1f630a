/**
 * What a listener hands on of a request's URL: its path and its query. A URL is one; so is the light
 * form requestTarget() makes for the usual request (`/?participant=A1&role=AgentApplication`), which
 * skips parsing a whole URL for each of 10,000 connections.
 */
export interface RequestTarget {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

/**
 * A path of plain segments (letters, digits, `_`, `~`, `-`; no dots, no `%`, no `//`) and a query with no
 * fragment, space or control character: what the WHATWG URL parser leaves as it is, so splitting it
 * by hand gives what `new URL()` gives. Anything else goes through `new URL()`.
 */
const PLAIN = /^(?:\/[\w~-]+)*\/?(?:\?[^#\x00-\x20\x7f]*)?$/;

/** The request target of an HTTP request line (`req.url`): path and query, as `new URL(target, 'ws://localhost')` reads them. */
export function requestTarget(target: string): RequestTarget {
  if (!PLAIN.test(target)) return new URL(target, 'ws://localhost');
  const q = target.indexOf('?');
  if (q < 0) return { pathname: target, searchParams: new URLSearchParams() };
  return { pathname: target.slice(0, q), searchParams: new URLSearchParams(target.slice(q + 1)) };
}
