import type { MessageDef, Violation } from './types.ts';
import { NO_VIOLATIONS } from './validate.ts';

/**
 * Request → response pairing by referenceId on one connection (T-Library ReferenceID, Interaction
 * Server attr_ref_id). Requests are remembered per sender; a response must echo the referenceId of a
 * request still pending from the other end, and answers it (one response per request).
 *
 * Memory is bounded: a peer that never answers cannot grow the pending table without limit — the
 * oldest pending request is forgotten first (a late answer to it then reads as unmatched).
 *
 * A message the catalog does not know, or a frame it could not read, may still be a request that
 * carries a referenceId. Nobody can say what answers it except the refusal every protocol here has:
 * EventError pairs with it, once (observeUnrecognised). It is not listed as pending.
 */

interface Answered {
  request: string;
  response: string;
}

interface SenderState {
  sender: string;
  pending: Map<number, MessageDef>;
  /** referenceId → what the catalog could not read (a message name, `unreadable frame`); see observeUnrecognised. */
  unrecognised?: Map<number, string>;
  /** Recently answered requests, only to explain a second response. */
  answered: Map<number, Answered>;
}

export interface ReferenceTrackerOptions {
  /** Pending requests remembered per sender (default 10 000). */
  maxPending?: number;
  /** Answered requests remembered per sender, to explain duplicate responses (default 256). */
  maxAnswered?: number;
}

/** The negative response of every protocol that pairs by referenceId (GenEM NegativeResponseEvents; PSDK EventError). */
const REFUSAL = 'EventError';

export class ReferenceTracker {
  // Replaced, not pushed to, as a sender appears (one or two per connection): a push onto an empty array
  // reserves room for 17, and every connection has a tracker.
  #states: SenderState[] = [];
  readonly #maxPending: number;
  readonly #maxAnswered: number;

  constructor(opts: ReferenceTrackerOptions = {}) {
    this.#maxPending = opts.maxPending ?? 10_000;
    this.#maxAnswered = opts.maxAnswered ?? 256;
  }

  /** Pending requests from `sender`, for diagnostics (e.g. "never answered" at the end of a run). */
  pending(sender: string): { referenceId: number; message: string }[] {
    const st = this.#find(sender);
    return st ? [...st.pending].map(([referenceId, def]) => ({ referenceId, message: def.name })) : [];
  }

  observe(def: MessageDef, referenceId: number | undefined, sender: string): Violation[] {
    switch (def.pairing) {
      case 'request':
        return this.#request(def, referenceId, sender);
      case 'response':
        if (referenceId === undefined) return [missingOnResponse(def)];
        return this.#response(def, referenceId, sender);
      case 'optional-response':
        return referenceId === undefined ? NO_VIOLATIONS : this.#response(def, referenceId, sender);
      default:
        return NO_VIOLATIONS;
    }
  }

  /** A message the catalog could not resolve, or a frame it could not read, that shows a referenceId. */
  observeUnrecognised(referenceId: number, sender: string, what: string): void {
    let st = this.#find(sender);
    if (!st) this.#states = [...this.#states, (st = { sender, pending: new Map(), answered: new Map() })];
    const u = (st.unrecognised ??= new Map());
    u.delete(referenceId);
    u.set(referenceId, what);
    if (u.size > this.#maxPending) u.delete(u.keys().next().value as number);
  }

  #find(sender: string): SenderState | undefined {
    const states = this.#states;
    for (let i = 0; i < states.length; i++) if (states[i].sender === sender) return states[i];
    return undefined;
  }

  #request(def: MessageDef, referenceId: number | undefined, sender: string): Violation[] {
    if (referenceId === undefined) {
      return [
        {
          code: 'MISSING_REFERENCE_ID',
          severity: 'error',
          message: `${def.name} has no referenceId; a request must carry one for its response to echo`,
          attribute: 'referenceId',
          expected: 'a non-negative integer',
          actual: 'absent',
          hint: 'number each request on the connection (1, 2, 3 ...) and put the number in the envelope\'s referenceId',
        },
      ];
    }
    let st = this.#find(sender);
    if (!st) this.#states = [...this.#states, (st = { sender, pending: new Map(), answered: new Map() })];
    st.answered.delete(referenceId);
    const still = st.pending.get(referenceId);
    st.pending.delete(referenceId); // re-inserted last, so eviction stays oldest-first
    st.pending.set(referenceId, def);
    if (st.pending.size > this.#maxPending) st.pending.delete(st.pending.keys().next().value as number);
    if (still === undefined) return NO_VIOLATIONS;
    // The answer can now pair with only one of the two: the peer cannot tell which request it answers.
    return [
      {
        code: 'DUPLICATE_REFERENCE_ID',
        severity: 'error',
        message: `${def.name} reuses referenceId ${referenceId} while ${still.name} ${referenceId} is still waiting for its answer`,
        attribute: 'referenceId',
        expected: 'a referenceId no pending request of this connection carries',
        actual: String(referenceId),
        hint: 'wait for the answer before reusing a referenceId, or number every request anew (1, 2, 3 ...)',
      },
    ];
  }

  #response(def: MessageDef, referenceId: number, sender: string): Violation[] {
    const states = this.#states;
    let answered: Answered | undefined;
    for (let i = 0; i < states.length; i++) {
      const st = states[i];
      if (st.sender === sender) continue;
      const request = st.pending.get(referenceId);
      if (request !== undefined) {
        if (!answers(request, def)) return [wrongResponse(def, referenceId, request)];
        st.pending.delete(referenceId);
        st.answered.set(referenceId, { request: request.name, response: def.name });
        if (st.answered.size > this.#maxAnswered) st.answered.delete(st.answered.keys().next().value as number);
        return NO_VIOLATIONS;
      }
      const unrecognised = st.unrecognised?.get(referenceId);
      if (unrecognised !== undefined) {
        if (def.name !== REFUSAL) return [notARefusal(def, referenceId, unrecognised)];
        st.unrecognised!.delete(referenceId);
        st.answered.set(referenceId, { request: unrecognised, response: def.name });
        if (st.answered.size > this.#maxAnswered) st.answered.delete(st.answered.keys().next().value as number);
        return NO_VIOLATIONS;
      }
      answered ??= st.answered.get(referenceId);
    }
    return [unmatched(def, referenceId, answered)];
  }
}

/** Whether `response` is among the messages that may answer `request` (`Name` same protocol, or `Protocol:Name`). */
function answers(request: MessageDef, response: MessageDef): boolean {
  const rs = request.responses;
  if (rs === undefined) return false;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i];
    if (r === response.name) {
      if (request.protocol === response.protocol) return true;
    } else if (r.length === response.protocol.length + 1 + response.name.length && r.startsWith(response.protocol) && r.endsWith(response.name) && r[response.protocol.length] === ':') {
      return true;
    }
  }
  return false;
}

function missingOnResponse(def: MessageDef): Violation {
  return {
    code: 'MISSING_REFERENCE_ID',
    severity: 'error',
    message: `${def.name} has no referenceId; a response must echo the referenceId of the request it answers`,
    attribute: 'referenceId',
    expected: 'the referenceId of a pending request',
    actual: 'absent',
    hint: 'copy the referenceId of the request into the envelope of its response',
  };
}

function unmatched(def: MessageDef, referenceId: number, answered: Answered | undefined): Violation {
  return {
    code: 'UNMATCHED_RESPONSE',
    severity: 'error',
    message: answered
      ? `${def.name} answers referenceId ${referenceId}, but ${answered.request} ${referenceId} was already answered by ${answered.response}`
      : `${def.name} answers referenceId ${referenceId}, but no request with referenceId ${referenceId} is pending from the other end`,
    attribute: 'referenceId',
    expected: 'the referenceId of a pending request',
    actual: String(referenceId),
    hint: answered ? 'send exactly one response per request' : 'a response must echo the referenceId of a request it has not answered yet',
  };
}

function notARefusal(def: MessageDef, referenceId: number, what: string): Violation {
  return {
    code: 'UNMATCHED_RESPONSE',
    severity: 'error',
    message: `${def.name} answers referenceId ${referenceId}, but ${what} ${referenceId} is not a message the catalog knows: only ${REFUSAL} can answer it`,
    attribute: 'referenceId',
    expected: REFUSAL,
    actual: def.name,
    hint: `answer what the catalog cannot read with ${REFUSAL}`,
  };
}

function wrongResponse(def: MessageDef, referenceId: number, request: MessageDef): Violation {
  const allowed = (request.responses ?? []).join(' or ');
  return {
    code: 'UNMATCHED_RESPONSE',
    severity: 'error',
    message: `${def.name} answers referenceId ${referenceId}, but the pending ${request.name} ${referenceId} is answered by ${allowed}`,
    attribute: 'referenceId',
    expected: allowed,
    actual: def.name,
    hint: `answer ${request.name} with ${allowed}`,
  };
}
