/**
 * What step definitions (steps/) use of cucumber: they import it from here, so this folder stays the
 * only code that imports @cucumber/cucumber, and every step gets the typed World as `this`.
 */
export { Given, When, Then, DataTable } from '@cucumber/cucumber';
export { World } from './support/world.ts';
export type { FlowcertParameters, ScenarioInfo, StepOrigin } from './support/world.ts';
export { parseDuration } from './duration.ts';
