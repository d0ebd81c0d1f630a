import { setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import type { Redactor } from '../../secrets/redactor.ts';
import { InterruptedError, ScenarioError } from '../../session/scenario-error.ts';
import type { World } from './world.ts';

/**
 * Every step and hook runs through this wrapper, which files the scenario's verdict by whose fault it
 * is: an InconclusiveError (the SUT declares no such capability) becomes a skipped step with its
 * reason logged — cucumber, JUnit and Allure then show "skipped", never "failed"; a flow failure is
 * the SUT's (fail); anything else is the setup's or the harness's (error). An InterruptedError (the run
 * was interrupted while the step waited) decides nothing: the step is skipped and the scenario marked
 * interrupted, never failed for what it did not get to see. Cucumber keeps the function's arity itself.
 *
 * Whatever is thrown leaves without the run's secrets: its message and stack are what cucumber writes
 * into its messages, its html report, the progress output and Allure, and what the verdict's reason
 * quotes (a process that died saying its token on stderr, a command line with `--token xyz`).
 */
setDefinitionFunctionWrapper(function wrap(fn: (...args: unknown[]) => unknown) {
  return async function (this: World, ...args: unknown[]): Promise<unknown> {
    try {
      return await fn.apply(this, args);
    } catch (thrown) {
      const err = this instanceof Object && this.redactor ? redactError(this.redactor, thrown) : thrown;
      if (!(this instanceof Object) || typeof this.decide !== 'function') throw err;
      if (err instanceof InterruptedError) {
        this.interrupted(this.boundSession?.interruption ?? 'interrupted');
        this.log(`INTERRUPTED: ${this.outcome?.reason ?? err.message}`);
        return 'skipped';
      }
      if (err instanceof ScenarioError) {
        this.decide(err.verdict, err.message, err.seqs);
        if (err.verdict === 'inconc') {
          this.log(`INCONCLUSIVE: ${err.message}`);
          return 'skipped';
        }
      } else this.decide('error', err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
});

/** The error itself (its class decides the verdict), its message and stack redacted; anything else thrown, as redacted text. */
function redactError(redactor: Redactor, err: unknown): unknown {
  if (redactor.isEmpty) return err;
  if (!(err instanceof Error)) return typeof err === 'string' ? redactor.text(err) : err;
  const message = redactor.text(err.message);
  const stack = err.stack === undefined ? undefined : redactor.text(err.stack);
  try {
    if (message !== err.message) err.message = message;
    if (stack !== err.stack) err.stack = stack;
    return err;
  } catch {
    // A frozen error: a plain one in its place says the same, without the secret.
    const copy = new Error(message);
    copy.stack = stack;
    return copy;
  }
}
