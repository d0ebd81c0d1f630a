import type { Violation, ViolationCode } from '../../catalog/types.ts';
import type { Envelope } from '../../codec/envelope.ts';
import { ErrorCodes, RequestError } from './errors.ts';

/**
 * How the catalog's findings on what a client sent become the EventError that refuses it. The
 * description uses the catalog's own words (message, then hint), so the client reads what the trace
 * records, and names every error, not only the first.
 */

/** Attribute findings: TERR_INVALID_ATTR. */
const ATTRIBUTE_CODES: ReadonlySet<ViolationCode> = new Set(['MISSING_ATTRIBUTE', 'WRONG_TYPE', 'NOT_IN_ENUM']);

/**
 * The catalog's errors on a known request, as one refusal, or undefined when it has none. Attribute
 * problems are TERR_INVALID_ATTR (53); a request that only goes the wrong way (a media server asking
 * to log an agent in) is an operation this client cannot ask for: TERR_UNSUP_OPER (51).
 */
export function refusalFor(violations: readonly Violation[], prefix = ''): RequestError | undefined {
  const errors = violations.filter((v) => v.severity === 'error');
  if (errors.length === 0) return undefined;
  const code = errors.some((v) => ATTRIBUTE_CODES.has(v.code)) ? ErrorCodes.InvalidAttribute : ErrorCodes.Unsupported;
  return new RequestError(code, `${prefix}${describeAll(errors)}`);
}

/** A message the catalog does not know (UNKNOWN_MESSAGE, UNKNOWN_PROTOCOL): TERR_UNSUP_OPER, with the catalog's did-you-mean. */
export function unknownRefusal(env: Envelope, violations: readonly Violation[]): RequestError {
  const errors = violations.filter((v) => v.severity === 'error');
  // The connection's validation always says why; the fallback only keeps the answer readable if it did not.
  return new RequestError(ErrorCodes.Unsupported, errors.length > 0 ? describeAll(errors) : `${env.protocol} ${env.message} is not in the catalog`);
}

/**
 * A frame that is not a readable envelope (not JSON, not an envelope, too large): TERR_INVALID_ATTR,
 * the envelope being the first thing a request must get right.
 */
export function unreadableRefusal(violations: readonly Violation[]): RequestError {
  return new RequestError(ErrorCodes.InvalidAttribute, `unreadable frame: ${describeAll(violations.filter((v) => v.severity === 'error'))}`);
}

function describeAll(errors: readonly Violation[]): string {
  if (errors.length === 1) return describe(errors[0]);
  return `${errors.length} problems: ${errors.map(describe).join('; ')}`;
}

function describe(v: Violation): string {
  // The JSON parser's words say where the text broke, the one thing that finds the mistake.
  const parser = v.code === 'NOT_JSON' && v.actual ? ` (${v.actual})` : '';
  return `${v.message}${parser}${v.hint ? ` — ${v.hint}` : ''}`;
}
