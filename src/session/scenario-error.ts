/**
 * A problem with what a scenario asked for or what the flow did: the scenario fails with this text,
 * without the harness's call stack, which would only hide the one line the writer needs.
 */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}
