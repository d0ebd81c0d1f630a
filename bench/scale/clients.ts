// Bare ws clients for bench/agents-scale.bench.ts: a reference desktop would weigh more than the server
// measured, so the bench speaks the wire itself.
import { WebSocket } from 'ws';

export function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends frames one after another, each after the previous one's EventAck. */
export async function acked(ws: WebSocket, frames: string[]): Promise<void> {
  let i = 0;
  await new Promise<void>((resolve, reject) => {
    const on = (d: Buffer) => {
      const text = d.toString();
      if (!text.includes('"EventAck"')) return reject(new Error(`expected an EventAck: ${text}`));
      if (++i === frames.length) {
        ws.off('message', on);
        resolve();
      } else ws.send(frames[i]);
    };
    ws.on('message', on);
    ws.send(frames[0]);
  });
}

export const im = (message: string, ref: number, attributes: Record<string, unknown>) => JSON.stringify({ protocol: 'InteractionManagement', message, referenceId: ref, attributes });
export const tlib = (message: string, ref: number, attributes: Record<string, unknown>) => JSON.stringify({ protocol: 'TLibrary', message, referenceId: ref, attributes });
