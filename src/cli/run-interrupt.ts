import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { runInterruption } from '../cucumber/run-interruption.ts';
import type { CliIo } from './args.ts';

/**
 * Ctrl-C and SIGTERM during `flowcert run`, on the side of the process that runs cucumber (the
 * coordinator): the run is interrupted rather than killed, so it stays honest — the running scenario
 * stops at once as interrupted, later ones are not run, and cucumber ends as usual, writing its
 * reports; then flowcert writes JUnit and the summary and exits 130. A second signal exits at once
 * (bin/flowcert.mjs), and whatever would outlive flowcert is ended on the way out.
 *
 * With --parallel the scenarios run in worker processes cucumber forks. Ctrl-C in a terminal reaches
 * them too (they are in its process group), a SIGTERM sent to flowcert alone does not: each signal is
 * forwarded to every worker, where src/cli/cucumber-worker.ts interrupts the worker's own run.
 */
export interface RunInterrupts {
  /** The signal that interrupted the run (`SIGINT`, `SIGTERM`), or undefined while it runs on. */
  readonly interruptedBy: string | undefined;
  /** Aborted when the run is interrupted: for what the run command itself waits on (the Allure report). */
  readonly signal: AbortSignal;
  /** The run is over: stops listening. */
  close(): void;
}

export function watchRunInterrupts(io: CliIo): RunInterrupts {
  runInterruption.reset();
  const workers = new Set<ChildProcess>();
  // Cucumber keeps its workers to itself; node announces every child process on this channel. A child
  // with an IPC channel is one of cucumber's workers: flowcert itself forks none (SUTs and allure are spawned).
  const onChild = (message: unknown) => {
    const child = (message as { process?: ChildProcess }).process;
    if (!child) return;
    workers.add(child);
    child.once('exit', () => workers.delete(child));
  };
  subscribe('child_process', onChild);
  const stopListening = io.onInterrupt?.((signal) => {
    runInterruption.interrupt(signal);
    for (const child of workers) {
      if (child.channel && child.exitCode === null && child.signalCode === null) child.kill(signal as NodeJS.Signals);
    }
  });
  // A second signal, or anything else that ends the process now, leaves no time to stop anyone in order:
  // spawned SUTs get SIGKILL and open traces their `interrupted` footer, synchronously, on the way out.
  const onExit = () => runInterruption.abandon();
  process.on('exit', onExit);
  return {
    get interruptedBy() {
      return runInterruption.reason;
    },
    signal: runInterruption.signal,
    close() {
      stopListening?.();
      unsubscribe('child_process', onChild);
      process.off('exit', onExit);
    },
  };
}
