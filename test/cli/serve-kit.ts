import { WebSocket } from 'ws';
import { main } from '../../src/cli/main.ts';

/**
 * `flowcert serve` in-process through main(argv, io), as the bin runs it: the interrupt the bin would
 * deliver on Ctrl-C is an io hook the test fires itself.
 */
export function serveInProcess(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  let interrupt: ((signal: string) => void) | undefined;
  let printed!: () => void;
  const firstLine = new Promise<void>((r) => (printed = r));
  const done = main(['serve', ...args], {
    stdout: (s) => {
      stdout += s;
      printed();
    },
    stderr: (s) => (stderr += s),
    cwd,
    env,
    onInterrupt: (h) => {
      interrupt = h;
      return () => (interrupt = undefined);
    },
  });
  return { done, firstLine, out: () => stdout, err: () => stderr, interrupt: (s: string) => interrupt?.(s) };
}

/** The first frame a server answers to `frame`, or the HTTP status it refused the upgrade with. */
export function exchange(url: string, frame: string): Promise<Record<string, unknown> | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => (err.message.includes('Unexpected server response') ? undefined : reject(err)));
    ws.once('open', () => ws.send(frame));
    ws.once('message', (d) => {
      resolve(JSON.parse(d.toString()) as Record<string, unknown>);
      ws.close();
    });
  });
}
