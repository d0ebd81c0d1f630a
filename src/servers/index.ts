/** The reference implementations, one folder per role. Each participant: start() / stop() (idempotent). */
export * from './interaction-server/index.ts';
export * from './urs/index.ts';
export * from './agent-application/index.ts';
export * from './media-server/index.ts';
export * from './stat-server/index.ts';
export { RequestRefusedError, NoAnswerError } from './shared/request-channel.ts';
export type { ClientCommonOptions } from './shared/client-link.ts';
export type { WaitOptions } from './shared/waiters.ts';
export * from './t-server/index.ts';
export { TLibraryClient } from './shared/tlib-client.ts';
export type { TLibraryClientOptions } from './shared/tlib-client.ts';
