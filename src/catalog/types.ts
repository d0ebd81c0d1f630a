/**
 * The shape of the protocol catalog: every protocol's messages as data.
 * Facts come from ../shared/reference/genesys-protocols.md; each definition says where it came from
 * (`source`) and, where the public record is silent, what was chosen and why (`note`).
 */

export type { ProtocolId, Role } from './registry.ts';
export { PROTOCOL_LABELS, ROLE_LABELS } from './registry.ts';
import type { ProtocolId, Role } from './registry.ts';

/**
 * Attribute value types on the JSON wire:
 * string, int (integer number), bool, kv (a JSON object: Genesys KV list), timestamp (ISO-8601 string
 * or epoch milliseconds), list (JSON array).
 */
export type AttrType = 'string' | 'int' | 'bool' | 'kv' | 'timestamp' | 'list';

export interface AttrDef {
  type: AttrType;
  required: boolean;
  /** Allowed values, when the record lists them. */
  enum?: readonly (string | number)[];
  /** For kv attributes with a known inner shape (e.g. EventInvite.Interaction). Unknown inner keys are allowed. */
  fields?: Readonly<Record<string, AttrDef>>;
  description?: string;
}

export type MessageKind = 'request' | 'event';

/** How a message relates to the envelope's referenceId. */
export type Pairing =
  /** A request: it carries a referenceId that its response echoes. */
  | 'request'
  /** A response: it must carry the referenceId of an earlier request on the same connection. */
  | 'response'
  /** May answer a request (then it carries its referenceId) or be unsolicited (then it carries none). */
  | 'optional-response'
  /** Never paired. */
  | 'none';

export interface MessageDef {
  protocol: ProtocolId;
  /** Canonical (GenEM) spelling. */
  name: string;
  /** Other spellings seen in the public record (PSDK class names, log tables). Accepted, reported. */
  aliases?: readonly string[];
  kind: MessageKind;
  senders: readonly Role[];
  receivers: readonly Role[];
  /**
   * Sender → receiver pairs that do not exist although both roles are listed: one definition serves two
   * servers with different clients (T-Library EventError goes from the Interaction Server to URS and from
   * a T-Server to its clients, never from the Interaction Server to an agent application, which gets the
   * Interaction Management one). See goesBetween().
   */
  notBetween?: readonly (readonly [Role, Role])[];
  attributes: Readonly<Record<string, AttrDef>>;
  pairing: Pairing;
  /** For requests: the messages that may answer them (canonical names, same protocol unless qualified `Protocol:Name`). */
  responses?: readonly string[];
  description: string;
  /** Confidence tags and sources, e.g. "[DOC] GenEM Deliver Interaction to Agent; [CODE] PSDK RequestAccept". */
  source: string;
  /** A choice made where the record is silent. */
  note?: string;
}

export type ViolationCode =
  | 'UNKNOWN_PROTOCOL'
  | 'UNKNOWN_MESSAGE'
  | 'MISSING_ATTRIBUTE'
  | 'WRONG_TYPE'
  | 'NOT_IN_ENUM'
  | 'UNMATCHED_RESPONSE'
  | 'MISSING_REFERENCE_ID'
  | 'DUPLICATE_REFERENCE_ID'
  | 'WRONG_DIRECTION'
  | 'ALIAS_USED'
  | 'NOT_JSON'
  | 'NOT_ENVELOPE'
  | 'FRAME_TOO_LARGE'
  | 'BAD_FRAMING'
  /** The peer left more unsent frames queued toward it than the connection's backlog limit: it sends without reading. */
  | 'BACKLOG_EXCEEDED';

/** One way a message (or frame) departs from the catalog. Data, so reports draw it without parsing strings. */
export interface Violation {
  code: ViolationCode;
  /** `info` is not a failure: e.g. ALIAS_USED says which spelling a SUT used. */
  severity: 'error' | 'info';
  message: string;
  /** Attribute path, e.g. `Interaction.InteractionId`. */
  attribute?: string;
  expected?: string;
  actual?: string;
  hint?: string;
}

/** A message as the catalog sees it: what a codec decoded, before or after recording. */
export interface MessageInstance {
  protocol: string;
  message: string;
  referenceId?: number;
  attributes: Record<string, unknown>;
}

/** Lookup results carry the canonical definition and, when an alias was used, which one. */
export interface Resolved {
  def: MessageDef;
  aliasUsed?: string;
}

/** Whether `def` may go from `from` to `to` (either undefined: not asked). */
export function goesBetween(def: MessageDef, from: Role | undefined, to: Role | undefined): boolean {
  if (from !== undefined && !def.senders.includes(from)) return false;
  if (to !== undefined && !def.receivers.includes(to)) return false;
  if (from !== undefined && to !== undefined && def.notBetween?.some(([f, t]) => f === from && t === to)) return false;
  return true;
}
