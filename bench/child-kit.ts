// Worker processes for the benchmarks that put servers and clients in processes of their own.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/**
 * Forks a bench worker (TypeScript, through tsx) with IPC; `profile`: a folder for its V8 CPU profile.
 * BENCH_CHILD_ARGS: Node flags for every worker (`--trace-deopt`, `--trace-gc`), which NODE_OPTIONS refuses.
 */
export function forkWorker(file: string, opts: { args?: string[]; profile?: string } = {}): ChildProcess {
  const execArgv = ['--import', 'tsx', ...(opts.profile ? ['--cpu-prof', '--cpu-prof-dir', opts.profile] : []), ...(process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? [])];
  return fork(file, opts.args ?? [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The worker's next message of this type; rejects on an `{type: 'error'}` message or when the worker exits first. */
export function nextMessage<T>(p: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string; message?: string }) => {
      if (m.type === type) {
        done();
        resolve(m as T);
      } else if (m.type === 'error') {
        done();
        reject(new Error(m.message));
      }
    };
    // Removed once settled: a bench asks a long-lived worker for its CPU hundreds of times.
    const exited = (code: number | null) => {
      done();
      reject(new Error(`${type}: the child exited (${code})`));
    };
    const done = () => {
      p.off('message', on);
      p.off('exit', exited);
    };
    p.on('message', on);
    p.once('exit', exited);
  });
}
