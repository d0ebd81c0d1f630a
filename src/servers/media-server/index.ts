export { ReferenceMediaServer } from './media-server.ts';
export type { MediaServerOptions, SubmitParams } from './media-server.ts';
