import type { CliIo } from './args.ts';

/**
 * An io whose interrupt is listened for from now on: a Ctrl-C or SIGTERM that comes before the command
 * registers its own handler (while its code loads, while its servers start) is kept and handed to that
 * handler when it registers, instead of ending the process at once (the bin exits 130 when nobody
 * listens). For `serve`, whose Ctrl-C is the ordinary way to stop: stopped on purpose, whenever.
 */
export function latchInterrupt(io: CliIo): CliIo {
  if (!io.onInterrupt) return io;
  let signal: string | undefined;
  const handlers = new Set<(signal: string) => void>();
  io.onInterrupt((s) => {
    signal ??= s;
    for (const h of [...handlers]) h(s);
  });
  return {
    ...io,
    onInterrupt: (handler) => {
      handlers.add(handler);
      if (signal !== undefined) queueMicrotask(() => handlers.has(handler) && handler(signal!));
      return () => handlers.delete(handler);
    },
  };
}
