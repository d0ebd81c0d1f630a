/** An EventInvite as the agent application saw it. */
export interface Invitation {
  /** Absent when the server left it out (a non-conformant EventInvite). */
  ticketId: number | undefined;
  interactionId: string;
  /** The Interaction KV list as received (InteractionMediatype, InteractionQueue, InteractionUserData ...). */
  interaction: Record<string, unknown>;
  /** Date.now() at receipt. */
  receivedAt: number;
}

export interface Revocation {
  interactionId: string;
  ticketId: number | undefined;
  receivedAt: number;
}

export type InviteAction = 'accept' | 'reject' | 'ignore';

export interface InviteBehaviour {
  action: InviteAction;
  /** Answer this many ms after the invitation (default 0: at once). */
  delayMs?: number;
  /** A reject's Reason (ReasonInfo: ReasonSystemName, ReasonDescription, Reason), sent in RequestReject. */
  reason?: Record<string, unknown>;
}

/** Fixed, or decided per invitation (e.g. accept the first, reject the second). */
export type InvitePolicy = InviteAction | InviteBehaviour | ((inv: Invitation) => InviteAction | InviteBehaviour);

/** How an accept or reject ended. */
export interface Answer {
  invitation: Invitation;
  action: 'accept' | 'reject';
  /** acked: EventAck; refused: EventError; no-answer: timeout or connection closed. */
  outcome: 'acked' | 'refused' | 'no-answer';
  error?: Error;
}

export function decide(policy: InvitePolicy, inv: Invitation): { action: InviteAction; delayMs: number; reason?: Record<string, unknown> } {
  const b = typeof policy === 'function' ? policy(inv) : policy;
  if (typeof b === 'string') return { action: b, delayMs: 0 };
  return { action: b.action, delayMs: b.delayMs ?? 0, ...(b.reason ? { reason: b.reason } : {}) };
}
