/**
 * What a scenario ends as when it does not pass, and whose fault that is: `fail` (the system under
 * test did not conform), `inconc` (it could not be decided, e.g. the SUT declares no such capability)
 * or `error` (the setup or the harness broke: a participant that would not start, a name nobody
 * answers to, a model that does not load).
 */
export type ScenarioVerdict = 'fail' | 'inconc' | 'error';

/**
 * A problem with what a scenario asked for or what the flow did: the scenario ends with this text,
 * without the harness's call stack, which would only hide the one line the writer needs.
 */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly verdict: ScenarioVerdict = 'error',
    /** The trace entries (seq) the message is about: a certificate's excerpt is drawn around them. */
    readonly seqs: readonly number[] = [],
  ) {
    super(message);
    this.stack = message;
  }
}

/**
 * The system under test did not conform. The class name says "Assertion" on purpose: Allure files
 * assertion errors as a product defect (failed), anything else as broken.
 */
export class FlowAssertionError extends ScenarioError {
  override name = 'FlowAssertionError';
  constructor(message: string, seqs: readonly number[] = []) {
    super(message, 'fail', seqs);
  }
}

/** The scenario cannot be decided: the reason says why (a capability the SUT does not declare). */
export class InconclusiveError extends ScenarioError {
  override name = 'InconclusiveError';
  constructor(message: string) {
    super(message, 'inconc');
  }
}

/** The setup broke: a participant that would not start or died, a binding that does not fit. */
export class SetupError extends ScenarioError {
  override name = 'SetupError';
}

/**
 * The run was interrupted (Ctrl-C, SIGTERM) while the scenario ran: whatever the step was waiting for
 * was cut short, so it decides nothing. Its verdict is inconc (nothing was decided); the hooks mark the
 * scenario interrupted, and the reports say so rather than pass or fail.
 */
export class InterruptedError extends ScenarioError {
  override name = 'InterruptedError';
  constructor(message: string) {
    super(message, 'inconc');
  }
}
