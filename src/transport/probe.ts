import { connect as tcpConnect } from 'node:net';

/**
 * Whether something accepts TCP connections at a ws:// or tcp:// URL's host and port: how the harness
 * waits for a SUT to listen without speaking its protocol. Resolves true on connect, false on refusal.
 */
export function probeEndpoint(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'wss:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const s = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}
