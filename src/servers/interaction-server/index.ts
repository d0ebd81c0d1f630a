export { InteractionServer, TLIB_PATH } from './interaction-server.ts';
export type { InteractionServerAddress, InteractionServerState } from './interaction-server.ts';
export { FAULT_NAMES } from './options.ts';
export type { InteractionServerOptions, InteractionServerFaults, FaultName } from './options.ts';
export { ErrorCodes } from './errors.ts';
export { ACTED_PROFILES, describeReadings } from './profiles.ts';
