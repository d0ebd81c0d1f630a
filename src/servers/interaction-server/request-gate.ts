import type { Resolved } from '../../catalog/types.ts';
import type { InboundMessage } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { unknownRefusal } from './refusals.ts';

/**
 * What both faces do before carrying out a message: find its definition and decide whether it can
 * be answered. A client that waits for an answer must get one, so everything that carries a
 * referenceId is answered — an unknown message or protocol with EventError (a client sends a
 * referenceId only on requests, so an unknown message that carries one is taken for a request).
 *
 * Two things are recorded (with their violations) and not answered, because no answer can pair:
 * - a request without referenceId (MISSING_REFERENCE_ID): EventError must echo a ReferenceID
 *   ([DOC] GenEM NegativeResponseEvents: ReferenceID mandatory), and 0 is a referenceId a client may use;
 * - an event, or a response such as EventAck, sent by a client: it answers nothing and asks nothing
 *   (WRONG_DIRECTION, UNMATCHED_RESPONSE). Events the server takes (EventCurrentAgentStatus from the
 *   reporting engine) are carried out by the face.
 * Frames that cannot be read at all are the business of unreadable-frames.ts.
 */
export type Gate =
  | { kind: 'request'; resolved: Resolved }
  | { kind: 'event'; resolved: Resolved }
  | { kind: 'refuse'; error: RequestError }
  | { kind: 'unanswerable' };

export function gate(ctx: ServerContext, m: InboundMessage): Gate {
  const env = m.envelope;
  const resolved = ctx.catalog.get(env.protocol, env.message);
  if (!resolved) return env.referenceId === undefined ? { kind: 'unanswerable' } : { kind: 'refuse', error: unknownRefusal(env, m.violations) };
  if (resolved.def.kind !== 'request') return { kind: 'event', resolved };
  if (env.referenceId === undefined) return { kind: 'unanswerable' };
  return { kind: 'request', resolved };
}

/** A bug in the reference server becomes an EventError with TERR_INTERNAL, never a crash. */
export function asRequestError(err: unknown): RequestError {
  if (err instanceof RequestError) return err;
  return new RequestError(ErrorCodes.Internal, `internal error in the reference Interaction Server: ${err instanceof Error ? err.message : String(err)}`);
}
