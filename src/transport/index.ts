export { listen } from './server.ts';
export type { ListenOptions, WsServerHandle } from './server.ts';
export { connect } from './client.ts';
export type { ConnectOptions } from './client.ts';
export { announcedBy, withAnnouncement, roleOfClientType, isRole } from './naming.ts';
export type * from './types.ts';
export { MemoryObserver } from './memory-observer.ts';
export type { WireEntry } from './memory-observer.ts';
