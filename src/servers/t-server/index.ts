export { TServer } from './t-server.ts';
export type { TServerOptions, TServerState } from './t-server.ts';
export { DEFAULT_TSERVER_CONFIG, DN_TYPES, AFTER_LOGIN, parseTServerConfig } from './config.ts';
export type { TServerConfig, DnConfig, AfterLogin, ConfigProblem } from './config.ts';
export { AgentStates } from './agent-state.ts';
export type { AgentStatus } from './agent-state.ts';
export { TErr, TServerError } from './errors.ts';
