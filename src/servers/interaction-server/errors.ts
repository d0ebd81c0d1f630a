/**
 * Error codes of the reference Interaction Server, on both faces.
 *
 * The Interaction Management error code table is not public (reference §7). The reference server uses
 * the T-Library numbering (tliberr.h, [CODE]: the public copy `tliberr.h /main/56`, code-index id
 * 47950809298) on both faces, so one table explains every ErrorCode in a trace. The descriptions are
 * the reference server's own words.
 */
export const ErrorCodes = {
  /** TERR_NOT_REGISTERED: a request before RequestRegisterClient. */
  NotRegistered: 41,
  /** TERR_IN_SAME_STATE: registering twice, logging in twice. */
  InSameState: 43,
  /** TERR_INTERNAL: a bug in the reference server (reported, never fatal). */
  Internal: 52,
  /** TERR_UNSUP_OPER: a request this server does not carry out, an unknown message or protocol, a request its client may not send. */
  Unsupported: 51,
  /** TERR_INVALID_ATTR: a missing or invalid attribute, an unknown ticket, a frame that is not a readable envelope. */
  InvalidAttribute: 53,
  /** TERR_INV_CONNID: the voice analogue of an unknown interaction id. */
  UnknownInteraction: 56,
  /** TERR_TIMEOUT: the agent invited by a transfer or conference did not answer within the delivering timer. */
  TimedOut: 57,
  /** TERR_CALL_REJECTED: the agent invited by a transfer or conference rejected it. */
  Rejected: 233,
  /** TERR_AGENT_ID_INV: the agent is not logged in here. */
  UnknownAgent: 192,
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** A request the server refuses: becomes EventError on the face it came from. */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
