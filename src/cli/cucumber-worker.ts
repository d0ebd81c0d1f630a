import { runInterruption } from '../cucumber/run-interruption.ts';

/**
 * Ctrl-C and SIGTERM in a --parallel worker: the worker's side of src/cli/run-interrupt.ts. Cucumber
 * loads this file with the support code (cucumber.mjs `import`) in every process that runs scenarios;
 * it acts only in a worker, a process cucumber forked with an IPC channel to its coordinator. (In a
 * serial run the scenarios run in flowcert's own process, where run-interrupt.ts listens.)
 *
 * - SIGINT or SIGTERM (the terminal's Ctrl-C reaches the worker directly; the coordinator forwards what
 *   it gets): the worker's run is interrupted — its running scenario stops as interrupted, the rest it
 *   is given are not run — and it ends as cucumber's workers do, when the coordinator says so. Every
 *   signal means the same, so the two copies of one Ctrl-C are one interrupt.
 * - The IPC channel closes (the coordinator died, or exited at a second Ctrl-C): nobody is left to
 *   report to, so the worker stops its scenario's participants, seals the trace as interrupted and
 *   exits, within LEAVE_WITHIN_MS. A worker never outlives its coordinator.
 */
const LEAVE_WITHIN_MS = 1500;

/** Exit code of a worker that leaves because its coordinator is gone: 128 + SIGINT, as for an interrupted run. */
const INTERRUPTED_EXIT = 130;

function installWorkerInterrupts(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => runInterruption.interrupt(signal));
  process.once('disconnect', () => {
    runInterruption.interrupt('the flowcert run that started this worker is gone');
    // Cucumber goes on sending its messages over the closed channel; node reports each as an 'error'
    // of the process, which would crash the worker before it has stopped its participants.
    process.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ERR_IPC_CHANNEL_CLOSED') throw err;
    });
    void runInterruption.settle(LEAVE_WITHIN_MS).then(() => process.exit(INTERRUPTED_EXIT));
  });
  // However the worker ends (the exit above, an uncaught error), a SUT it spawned does not outlive it.
  process.on('exit', () => runInterruption.abandon());
}

if (process.env.CUCUMBER_WORKER_ID !== undefined && typeof process.send === 'function') installWorkerInterrupts();
