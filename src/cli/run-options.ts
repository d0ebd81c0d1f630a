import { FAULT_NAMES } from '../adapters/index.ts';

/** `--timer delivering=200` (repeatable) → `{ delivering: 200 }`, or what is wrong with one. */
export function parseTimerArgs(args: readonly string[]): Record<string, number> | string {
  const timers: Record<string, number> = {};
  for (const t of args) {
    const m = /^([A-Za-z][\w-]*)=(\d+(?:\.\d+)?)$/.exec(t);
    if (!m || Number(m[2]) <= 0) return `--timer ${t}: expected name=ms with a positive number of milliseconds, e.g. --timer delivering=200`;
    timers[m[1]] = Number(m[2]);
  }
  return timers;
}

/** `--inject-fault IS1=omitTicketId` (repeatable) → `{ IS1: ['omitTicketId'] }`, or what is wrong with one. */
export function parseFaultArgs(args: readonly string[]): Record<string, string[]> | string {
  const faults: Record<string, string[]> = {};
  for (const f of args) {
    const i = f.lastIndexOf('=');
    const [who, fault] = i > 0 ? [f.slice(0, i), f.slice(i + 1)] : ['', f];
    if (!who) return `--inject-fault ${f}: expected participant=fault, e.g. --inject-fault IS1=omitTicketId`;
    if (!(FAULT_NAMES as readonly string[]).includes(fault)) return `--inject-fault ${f}: no fault "${fault}" (faults: ${FAULT_NAMES.join(', ')})`;
    (faults[who] ??= []).push(fault);
  }
  return faults;
}
