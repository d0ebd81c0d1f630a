export { ReferenceIvr, IVR_PROTOCOL_VERSION } from './ivr-client.ts';
export type { IvrClientOptions } from './ivr-client.ts';
