import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';

/**
 * Answers always echo the request's referenceId (envelope) and ProxyClientId (attribute, when the
 * request carried one): PSDK clients route answers to proxied sub-clients by it.
 */
function echo(request: Envelope, attributes: Record<string, unknown>): Record<string, unknown> {
  const proxy = request.attributes.ProxyClientId;
  return proxy === undefined ? attributes : { ...attributes, ProxyClientId: proxy };
}

export function sendAck(conn: MessageConnection, request: Envelope, extra: Record<string, unknown> = {}): void {
  conn.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: request.referenceId, attributes: echo(request, extra) });
}

export function sendImError(conn: MessageConnection, request: Envelope, code: number, description: string): void {
  conn.send({
    protocol: 'InteractionManagement',
    message: 'EventError',
    referenceId: request.referenceId,
    attributes: echo(request, { ErrorCode: code, ErrorDescription: description }),
  });
}

export function sendTlibError(conn: MessageConnection, request: Envelope, code: number, text: string): void {
  const attributes: Record<string, unknown> = { ErrorCode: code, ErrorMessage: text };
  if (typeof request.attributes.InteractionId === 'string') attributes.InteractionId = request.attributes.InteractionId;
  conn.send({ protocol: 'TLibrary', message: 'EventError', referenceId: request.referenceId, attributes });
}

/** An error in the protocol of the request it answers, whichever face it arrived on (so it pairs). */
export function sendErrorFor(conn: MessageConnection, request: Envelope, protocol: string, code: number, text: string): void {
  if (protocol === 'TLibrary') sendTlibError(conn, request, code, text);
  else sendImError(conn, request, code, text);
}
