import type { Resolved, Violation } from '../../catalog/types.ts';
import type { InboundMessage } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';

/**
 * What both faces do before carrying out a message: find its definition, and turn the catalog's
 * findings into a refusal. Messages the catalog does not know, and requests without a referenceId,
 * are not answered: an answer would have no request to pair with. The trace already shows them with
 * their violations (UNKNOWN_MESSAGE with a did-you-mean, MISSING_REFERENCE_ID).
 */
export type Gate = { kind: 'ignore' } | { kind: 'event'; resolved: Resolved } | { kind: 'request'; resolved: Resolved };

export function gate(ctx: ServerContext, m: InboundMessage): Gate {
  const resolved = ctx.catalog.get(m.envelope.protocol, m.envelope.message);
  if (!resolved) return { kind: 'ignore' };
  if (resolved.def.kind !== 'request') return { kind: 'event', resolved };
  if (m.envelope.referenceId === undefined) return { kind: 'ignore' };
  return { kind: 'request', resolved };
}

/** The catalog's errors on a request, as one refusal (attribute problems: TERR_INVALID_ATTR). */
export function refusalFor(violations: readonly Violation[], prefix = ''): RequestError | undefined {
  const errors = violations.filter((v) => v.severity === 'error');
  if (errors.length === 0) return undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more: ${errors.slice(1).map((v) => v.message).join('; ')})` : '';
  return new RequestError(ErrorCodes.InvalidAttribute, `${prefix}${errors[0].message}${more}`);
}

/** A bug in the reference server becomes an EventError with TERR_INTERNAL, never a crash. */
export function asRequestError(err: unknown): RequestError {
  if (err instanceof RequestError) return err;
  return new RequestError(ErrorCodes.Internal, `internal error in the reference Interaction Server: ${err instanceof Error ? err.message : String(err)}`);
}
