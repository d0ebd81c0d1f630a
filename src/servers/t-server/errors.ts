/**
 * The reference T-Server's EventError codes, from the public T-Library header tliberr.h (/main/56,
 * [CODE], code-index id 47950809298); the comment after each is the header's own text.
 */
export const TErr = {
  /** "Client hadn't register DN": an agent request or an unregister on a DN this client has not registered. */
  NotRegistered: 41,
  /** "Object is already in requested state": logged in twice, logged out when out, ready when ready. */
  InSameState: 43,
  /** "Unsupported operation": a request this T-Server does not carry out, an unknown message. */
  Unsupported: 51,
  /** "Internal error": a bug in the reference T-Server, reported, never fatal. */
  Internal: 52,
  /** "Invalid attribute value": a missing or invalid attribute. */
  InvalidAttribute: 53,
  /** "No connection to the switch": the CTI link is down. */
  NoSwitch: 54,
  /** "Invalid ConnectionID": a call that is not at that DN. */
  InvalidConnId: 56,
  /** "DN is not configured in CME": a DN the T-Server does not know. */
  NotConfigured: 59,
  /** "Link down or bad link specified": EventLinkDisconnected's ErrorCode. */
  LinkDown: 109,
  /** "No NRDY/RDY while ACD set is logged out". */
  AcdLogoff: 187,
  /** "Agent ID is invalid": an AgentID the T-Server is not configured with. */
  AgentIdInvalid: 192,
} as const;

export type TErrCode = (typeof TErr)[keyof typeof TErr];

/** A request the T-Server refuses: becomes EventError (ErrorCode, ErrorMessage) echoing its ReferenceID. */
export class TServerError extends Error {
  constructor(
    readonly code: TErrCode,
    message: string,
  ) {
    super(message);
  }
}
