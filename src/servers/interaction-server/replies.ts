import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';

/** What an answer needs of the request it answers: a frame that could not be read has only a referenceId. */
export type Answerable = Pick<Envelope, 'referenceId' | 'attributes'>;

/** The protocol each face answers in when the request's own protocol cannot be known. */
export type FaceProtocol = 'InteractionManagement' | 'TLibrary';

/**
 * Answers always echo the request's referenceId (envelope) and ProxyClientId (attribute, when the
 * request carried one): PSDK clients route answers to proxied sub-clients by it. A ProxyClientId that
 * is not an integer is not echoed: the answer would carry the client's mistake as the server's own.
 */
function echo(request: Answerable, attributes: Record<string, unknown>): Record<string, unknown> {
  const proxy = request.attributes.ProxyClientId;
  return Number.isInteger(proxy) ? { ...attributes, ProxyClientId: proxy } : attributes;
}

export function sendAck(conn: MessageConnection, request: Envelope, extra: Record<string, unknown> = {}): void {
  conn.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: request.referenceId, attributes: echo(request, extra) });
}

export function sendImError(conn: MessageConnection, request: Answerable, code: number, description: string): void {
  conn.send({
    protocol: 'InteractionManagement',
    message: 'EventError',
    referenceId: request.referenceId,
    attributes: echo(request, { ErrorCode: code, ErrorDescription: description }),
  });
}

export function sendTlibError(conn: MessageConnection, request: Answerable, code: number, text: string): void {
  const attributes: Record<string, unknown> = { ErrorCode: code, ErrorMessage: text };
  if (typeof request.attributes.InteractionId === 'string') attributes.InteractionId = request.attributes.InteractionId;
  conn.send({ protocol: 'TLibrary', message: 'EventError', referenceId: request.referenceId, attributes });
}

/** An error in the protocol of the request it answers, whichever face it arrived on (so it pairs). */
export function sendErrorFor(conn: MessageConnection, request: Answerable, protocol: string, code: number, text: string): void {
  if (protocol === 'TLibrary') sendTlibError(conn, request, code, text);
  else sendImError(conn, request, code, text);
}
