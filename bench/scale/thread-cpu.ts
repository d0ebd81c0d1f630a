// A bench worker's CPU, split between its main thread (the server's JavaScript, the syscalls it makes) and
// the rest (V8's helper threads compiling and collecting garbage, libuv's pool writing the trace file). From
// /proc, so Linux only: elsewhere the split is absent and only process.cpuUsage() counts.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (sysconf(_SC_CLK_TCK), 100 on every Linux we run on). */
const TICKS_PER_S = 100;

export interface CpuReport {
  type: 'cpu';
  /** µs, process.cpuUsage(): user + system, user, system */
  us: number;
  user: number;
  system: number;
  /** heapUsed, bytes */
  heap: number;
  /** µs on threads other than the main one, at /proc's 10 ms resolution; absent off Linux */
  helpers?: number;
}

function helperTicks(): number | undefined {
  if (!existsSync('/proc/self/task')) return undefined;
  let ticks = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    if (Number(tid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // After the command name, which may hold spaces, in parentheses: utime and stime are fields 14 and 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The thread ended between the listing and the read: its time is lost with it, as process.cpuUsage() keeps it.
    }
  }
  return ticks;
}

export function cpuReport(): CpuReport {
  const c = process.cpuUsage();
  const ticks = helperTicks();
  return { type: 'cpu', us: c.user + c.system, user: c.user, system: c.system, heap: process.memoryUsage().heapUsed, ...(ticks !== undefined ? { helpers: (ticks * 1e6) / TICKS_PER_S } : {}) };
}
