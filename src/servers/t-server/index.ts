export { TServer, AGENT_ACTIONS } from './t-server.ts';
export type { TServerOptions, TServerState, AgentAction } from './t-server.ts';
export { DEFAULT_TSERVER_CONFIG, DN_TYPES, AFTER_LOGIN, parseTServerConfig } from './config.ts';
export type { TServerConfig, DnConfig, DnType, AfterLogin, ConfigProblem } from './config.ts';
export { AgentStates } from './agent-state.ts';
export type { AgentStatus } from './agent-state.ts';
export { TErr, TServerError } from './errors.ts';
