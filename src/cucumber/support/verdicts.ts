import { setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { InterruptedError, ScenarioError } from '../../session/scenario-error.ts';
import type { World } from './world.ts';

/**
 * Every step and hook runs through this wrapper, which files the scenario's verdict by whose fault it
 * is: an InconclusiveError (the SUT declares no such capability) becomes a skipped step with its
 * reason logged — cucumber, JUnit and Allure then show "skipped", never "failed"; a flow failure is
 * the SUT's (fail); anything else is the setup's or the harness's (error). An InterruptedError (the run
 * was interrupted while the step waited) decides nothing: the step is skipped and the scenario marked
 * interrupted, never failed for what it did not get to see. Cucumber keeps the function's arity itself.
 */
setDefinitionFunctionWrapper(function wrap(fn: (...args: unknown[]) => unknown) {
  return async function (this: World, ...args: unknown[]): Promise<unknown> {
    try {
      return await fn.apply(this, args);
    } catch (err) {
      if (!(this instanceof Object) || typeof this.decide !== 'function') throw err;
      if (err instanceof InterruptedError) {
        this.interrupted(this.boundSession?.interruption ?? 'interrupted');
        this.log(`INTERRUPTED: ${this.outcome?.reason ?? err.message}`);
        return 'skipped';
      }
      if (err instanceof ScenarioError) {
        this.decide(err.verdict, err.message);
        if (err.verdict === 'inconc') {
          this.log(`INCONCLUSIVE: ${err.message}`);
          return 'skipped';
        }
      } else this.decide('error', err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
});
