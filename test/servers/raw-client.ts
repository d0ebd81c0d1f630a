import { WebSocket } from 'ws';

/** Frames as a third-party client receives them: parsed JSON, nothing checked. */
export type RawFrame = Record<string, unknown>;

export interface RawClient {
  ws: WebSocket;
  /** Frames received and not yet taken by next(). */
  received: RawFrame[];
  /**
   * The next frame received. The guard only keeps a silent server from hanging the test: it fails
   * the test with what was expected, it measures nothing.
   */
  next(what?: string): Promise<RawFrame>;
  send(frame: string | Buffer): void;
  closed: Promise<number>;
}

const GUARD_MS = 5000;

/** A bare WebSocket client: sends exactly the frames a test gives it and keeps what it receives, in order. */
export async function rawClient(url: string): Promise<RawClient> {
  const ws = new WebSocket(url);
  const received: RawFrame[] = [];
  const waiting: ((m: RawFrame) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as RawFrame;
    const w = waiting.shift();
    if (w) w(m);
    else received.push(m);
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const next = (what = 'a frame'): Promise<RawFrame> => {
    if (received.length > 0) return Promise.resolve(received.shift()!);
    return new Promise((resolve, reject) => {
      const take = (m: RawFrame) => {
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(new Error(`expected ${what} from the server; nothing came within ${GUARD_MS} ms`));
      }, GUARD_MS);
      waiting.push(take);
    });
  };
  return { ws, received, next, send: (f) => ws.send(f, { binary: Buffer.isBuffer(f) }), closed };
}

/** One envelope as a JSON text frame; `referenceId` undefined leaves the key out. */
export function envelopeFrame(protocol: string, message: string, referenceId: number | undefined, attributes: Record<string, unknown>): string {
  return JSON.stringify({ protocol, message, ...(referenceId !== undefined ? { referenceId } : {}), attributes });
}
