import { join } from 'node:path';
import type { Bindings, ProcessBinding } from '../../src/adapters/index.ts';
import { Session } from '../../src/session/session.ts';
import type { TraceNote } from '../../src/trace/types.ts';

// What the process-adapter tests share: the standalone desktop bound as a process, the reference
// servers it talks to, and a bounded wait for something the harness records on its own schedule.

export const ROOT = join(import.meta.dirname, '..', '..');
export const DESKTOP = "Agent1's desktop";
export const DESKTOP_SCRIPT = 'test/fixtures/standalone-desktop/desktop.mjs';
export const STUBBORN_SCRIPT = 'test/fixtures/standalone-desktop/stubborn.mjs';

/** Bindings that put the desktop on a process (node running `script` with `args`); everyone else is the reference. */
export function desktopBindings(args: string[] = [], overrides: Partial<ProcessBinding> = {}, script = DESKTOP_SCRIPT): Bindings {
  const binding: ProcessBinding = { kind: 'process', command: process.execPath, args: [script, ...args], ...overrides };
  return { dir: ROOT, env: process.env, participants: { [DESKTOP]: binding }, roles: {} };
}

/** A session whose Interaction Server (reference) is up, ready for the desktop to be started against it. */
export async function sessionWithServer(name: string, bindings: Bindings): Promise<Session> {
  // A run override: 150 ms is shorter than delivering-timeout's documented range allows a scenario to set.
  const session = Session.create({ name, traceFile: null, bindings, timers: { delivering: 150 } });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  return session;
}

export function startDesktop(session: Session) {
  return session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
}

/** The trace notes about one participant. */
export function notesOf(session: Session, participant: string): TraceNote[] {
  return session.recorder.snapshot().entries.filter((e): e is TraceNote => e.type === 'note' && e.participant === participant);
}

/** The process id the adapter noted when it spawned the participant. */
export function spawnedPid(session: Session, participant: string): number | undefined {
  const started = notesOf(session, participant).find((n) => /started as process \d+/.test(n.text));
  return started ? Number(/started as process (\d+)/.exec(started.text)![1]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until `condition` holds; throws `what` if it has not within 10 s. The bound only keeps a broken
 * run from hanging: no assertion depends on how long the wait took.
 */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`still waiting, after 10 s, for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The report's copy of a participant's stdout and stderr. */
export function outputOf(session: Session, participant: string): string {
  const artifact = session.artifacts.find((a) => a.name === `${participant} output.txt`);
  if (!artifact) throw new Error(`no output artifact for ${participant}; artifacts: ${session.artifacts.map((a) => a.name).join(', ') || 'none'}`);
  return artifact.body();
}
