export { IvrServer } from './ivr-server.ts';
export type { IvrServerOptions } from './ivr-server.ts';
export { configurationFromData, defaultIvrConfiguration, portOfDn, DEFAULT_PROTOCOL_VERSION, DEFAULT_SERVER_VERSION } from './ivr-configuration.ts';
export type { IvrConfiguration, IvrObjectConfig, IvrTServerConfig } from './ivr-configuration.ts';
