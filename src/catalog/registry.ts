/**
 * The registry of protocols and roles: every other place that needs their ids, labels, spellings,
 * faces or naming rules reads them from here (the JSON Schemas' enums are checked against it by
 * test/catalog/registry.test.ts). Adding a protocol or a role means adding an entry here and the
 * protocol's own message table under protocols/; nothing else lists them.
 */

/** How frames travel on a protocol's connections. */
export type Framing =
  /** One JSON envelope per WebSocket text frame (README, "Wire format"). */
  | 'websocket-json'
  /** XML documents over TCP, each behind the 6-byte GLI header (reference §4.1). */
  | 'tcp-gli-xml';

/**
 * How a connection's unnamed peer names itself on this protocol: the first message, when it is
 * `message`, carries its name in `nameAttribute` and, optionally, its role in `roleAttribute` (mapped
 * through `roles`). Data, so the transport applies it without knowing any protocol.
 */
export interface PeerNamingRule {
  message: string;
  nameAttribute: string;
  roleAttribute?: string;
  /** Attribute value → role id. Values not listed leave the role unknown (e.g. a Proxy stands for any role). */
  roles?: Readonly<Record<string, string>>;
}

export interface ProtocolInfo {
  /** How a GenEM reader names it. */
  label: string;
  framing: Framing;
  naming?: PeerNamingRule;
  /** Not built yet: accepted as a protocol id (so messages are reported as unknown, not the protocol), but the catalog defines no messages. */
  reserved?: boolean;
}

export const PROTOCOLS = {
  InteractionManagement: {
    label: 'Interaction Management',
    framing: 'websocket-json',
    naming: {
      message: 'RequestRegisterClient',
      nameAttribute: 'ClientName',
      roleAttribute: 'ClientType',
      roles: { AgentApplication: 'AgentApplication', MediaServer: 'MediaServer', ReportingEngine: 'StatServer' },
    },
  },
  Reporting: { label: 'Reporting', framing: 'websocket-json' },
  TLibrary: { label: 'T-Library', framing: 'websocket-json' },
  ESP: { label: 'ESP', framing: 'websocket-json' },
  IVR: { label: 'IVR XML', framing: 'tcp-gli-xml', naming: { message: 'LoginReq', nameAttribute: 'ClientName' } },
  // flowcert's own, not a Genesys wire protocol: the Stat Server publishes the media-channel actions it
  // derives (seed 001) so the trace shows them (src/servers/stat-server/action-table.ts).
  StatActions: { label: 'Stat Server actions (flowcert)', framing: 'websocket-json' },
} as const satisfies Record<string, ProtocolInfo>;

/** Wire ids of the protocols, as they appear in the envelope's `protocol` field. */
export type ProtocolId = keyof typeof PROTOCOLS;

/**
 * One face of a server role: a listening endpoint carrying some protocols. The reference Interaction
 * Server offers `im` (Interaction Management + Reporting, `/`) and `tlib` (T-Library toward URS, `/tlib`).
 */
export interface FaceInfo {
  protocols: readonly ProtocolId[];
  /** URL path on a WebSocket face. */
  path: string;
  description: string;
}

export interface RoleInfo {
  label: string;
  /** Other names the public record uses for the same party; a model or a config may use them. */
  aliases: readonly string[];
  /** The faces a role offers when it is a server; absent for a pure client. */
  faces?: Readonly<Record<string, FaceInfo>>;
  /** The faces of other roles this role connects to, first choice first (`InteractionServer.im`). */
  reaches?: readonly string[];
  /** Timers this role runs (a scenario may set them before the participant starts), e.g. `delivering`. */
  timers?: readonly string[];
}

export const ROLES = {
  InteractionServer: {
    label: 'Interaction Server',
    aliases: [],
    faces: {
      im: { protocols: ['InteractionManagement', 'Reporting', 'ESP'], path: '/', description: 'agent applications, media servers and reporting engines; ESP to and from a third-party media server (E-mail Server)' },
      tlib: { protocols: ['TLibrary'], path: '/tlib', description: 'URS, as to a T-Server (reference §1.1)' },
    },
    // registration: GenEM Registration's "when a timeout expires, Interaction Server disconnects"; the
    // record names no option, value or range for it, so it has no TIMERS entry (any positive ms is taken).
    timers: ['delivering', 'registration', 'handling'],
  },
  StatServer: { label: 'Stat Server', aliases: ['Reporting Engine', 'ReportingEngine'], reaches: ['InteractionServer.im'] },
  URS: { label: 'URS', aliases: ['Universal Routing Server'], reaches: ['InteractionServer.tlib', 'TServer.tlib'] },
  TServer: {
    label: 'T-Server',
    aliases: [],
    faces: {
      tlib: { protocols: ['TLibrary'], path: '/', description: 'T-Library clients: agent desktops, the IVR Server, URS (DNs, agent state, calls, route points)' },
    },
  },
  IVRServer: {
    label: 'IVR Server',
    aliases: [],
    faces: { ivr: { protocols: ['IVR'], path: '/', description: 'IVRs: XML documents behind the 6-byte GLI header over TCP (tcp://, reference §4.1–4.2)' } },
    // [INFER] the IVR Server is a T-Library client of the T-Servers its IVRs use (seed 003: "a T-Server that is used by the IVR").
    reaches: ['TServer.tlib'],
  },
  IVR: { label: 'IVR', aliases: [], reaches: ['IVRServer.ivr'] },
  AgentApplication: { label: 'Agent Application', aliases: ['Agent Desktop'], reaches: ['InteractionServer.im', 'TServer.tlib'] },
  MediaServer: { label: 'Media Server', aliases: [], reaches: ['InteractionServer.im'] },
  // flowcert's ear for the Stat Server's actions (StatActions): the harness offers it, it plays no GenEM part.
  ActionsObserver: {
    label: 'Actions Observer (flowcert)',
    aliases: [],
    faces: { actions: { protocols: ['StatActions'], path: '/actions', description: 'the media-channel actions a Stat Server publishes (flowcert, not a Genesys protocol)' } },
  },
} as const satisfies Record<string, RoleInfo>;

/** Participant roles of the GenEM models. The reporting engine of the multimedia models is Stat Server. */
export type Role = keyof typeof ROLES;

export const ROLE_IDS = Object.keys(ROLES) as Role[];
export const PROTOCOL_IDS = Object.keys(PROTOCOLS) as ProtocolId[];

export const ROLE_LABELS = Object.fromEntries(ROLE_IDS.map((r) => [r, ROLES[r].label])) as Record<Role, string>;
export const PROTOCOL_LABELS = Object.fromEntries(PROTOCOL_IDS.map((p) => [p, PROTOCOLS[p].label])) as Record<ProtocolId, string>;

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && Object.hasOwn(ROLES, s);
}

export function isProtocolId(s: unknown): s is ProtocolId {
  return typeof s === 'string' && Object.hasOwn(PROTOCOLS, s);
}

export function roleInfo(r: Role): RoleInfo {
  return ROLES[r];
}

export function protocolInfo(p: ProtocolId): ProtocolInfo {
  return PROTOCOLS[p];
}

/** Every spelling of a role a user may write (id, label, aliases) → the role. */
export const ROLE_SPELLINGS: Readonly<Record<string, Role>> = Object.fromEntries(
  ROLE_IDS.flatMap((r) => [[r, r], [ROLES[r].label, r], ...ROLES[r].aliases.map((a) => [a, r])]),
);

/** Every spelling of a protocol a user may write (id, label) → the protocol. */
export const PROTOCOL_SPELLINGS: Readonly<Record<string, ProtocolId>> = Object.fromEntries(
  PROTOCOL_IDS.flatMap((p) => [[p, p], [PROTOCOLS[p].label, p]]),
);

/** `InteractionServer.im` → the server role and the face. */
export function parseFaceRef(ref: string): { role: Role; face: string } | undefined {
  const [role, face] = ref.split('.');
  if (!isRole(role) || face === undefined) return undefined;
  const faces = (ROLES[role] as RoleInfo).faces;
  return faces && Object.hasOwn(faces, face) ? { role, face } : undefined;
}

/** The face of `server` that a client of role `client` connects to, when the registry says one. */
export function faceReachedBy(client: Role, server: Role): string | undefined {
  for (const ref of (ROLES[client] as RoleInfo).reaches ?? []) {
    const f = parseFaceRef(ref);
    if (f && f.role === server) return f.face;
  }
  return undefined;
}

/** The faces a server role offers (empty for a pure client). */
export function facesOf(role: Role): Readonly<Record<string, FaceInfo>> {
  return (ROLES[role] as RoleInfo).faces ?? {};
}

/** A timer as the option that configures it documents it. */
export interface TimerInfo {
  /** The configuration option, e.g. `delivering-timeout`. */
  option: string;
  /** Its documented default. */
  defaultMs: number;
  /** The documented range, inclusive. */
  minMs: number;
  maxMs: number;
  /** The option's unit (seconds or minutes): a configured value is a whole number of these. */
  unitMs: 1_000 | 60_000;
  /** Where the facts come from, short, for messages: `[DOC IxnLimits]`. */
  cite: string;
  source: string;
}

/**
 * What the public record says of each timer a role runs. A configuration (a feature's
 * `with a delivering timeout of …`, an Interaction Server's deliveringTimeoutMs) must stay inside it; a
 * run-wide override for fast runs (`--timer`) need not, and is recorded as an override.
 */
export const TIMERS: Readonly<Record<string, TimerInfo>> = {
  delivering: {
    option: 'delivering-timeout',
    defaultMs: 30_000,
    minMs: 1_000,
    maxMs: 86_400_000,
    // The option is a number of seconds; that it is a whole number is [INFER]: option values are integers.
    unitMs: 1_000,
    cite: '[DOC IxnLimits]',
    source: '[DOC IxnLimits] Interaction Server option delivering-timeout: default 30 s, range 1–86400 (seconds); reference §1.9',
  },
  handling: {
    option: 'handling-timeout',
    defaultMs: 180 * 60_000,
    minMs: 60_000,
    // The record gives a default (180 min) and no range. [INFER] a whole number of minutes, at least 1, at most
    // what one Node timer can hold (2^31-1 ms, about 35,791 min): the reference server runs it as one.
    maxMs: 35_791 * 60_000,
    unitMs: 60_000,
    cite: '[DOC IxnLimits; range INFER]',
    source:
      '[DOC IxnLimits] Interaction Server option handling-timeout: default 180 min; no requests from the handling agent in that time and the interaction is revoked (reference §1.9; GenEM Agent Pulls Interaction). The range is not public: [INFER] 1–35,791 whole minutes',
  },
};

/**
 * Why `ms` cannot be configured for timer `name`, e.g. `200 ms is outside the documented range:
 * delivering-timeout is a whole number of seconds, 1–86,400 (default 30) [DOC IxnLimits]`; undefined when
 * it can be, or when the record gives the timer no range.
 */
export function timerRangeProblem(name: string, ms: number): string | undefined {
  const t = Object.hasOwn(TIMERS, name) ? TIMERS[name] : undefined;
  if (!t) return undefined;
  if (Number.isFinite(ms) && ms >= t.minMs && ms <= t.maxMs && ms % t.unitMs === 0) return undefined;
  const unit = t.unitMs === 60_000 ? 'minutes' : 'seconds';
  const s = (v: number) => (v / t.unitMs).toLocaleString('en');
  const range = `${t.option} is a whole number of ${unit}, ${s(t.minMs)}–${s(t.maxMs)} (default ${s(t.defaultMs)}) ${t.cite}`;
  const inRange = Number.isFinite(ms) && ms >= t.minMs && ms <= t.maxMs;
  return `${ms} ms ${inRange ? `is not a whole number of ${unit}` : 'is outside the documented range'}: ${range}`;
}

/** Every timer some role runs, with the roles that run it. */
export function timerRoles(): Map<string, Role[]> {
  const out = new Map<string, Role[]>();
  for (const r of ROLE_IDS) for (const t of (ROLES[r] as RoleInfo).timers ?? []) out.set(t, [...(out.get(t) ?? []), r]);
  return out;
}
