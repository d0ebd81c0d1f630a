export { ReferenceStatServer } from './stat-server.ts';
export type { StatServerOptions, StatServerEvents } from './stat-server.ts';
