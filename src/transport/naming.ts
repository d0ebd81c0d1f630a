import type { Role } from '../catalog/types.ts';

/**
 * How a connection's peer is named in the trace. A client announces itself with query parameters on
 * the WebSocket URL — `ws://host:port/path?participant=<name>&role=<Role>` — which is how a SUT names
 * itself in the trace. Without them, the server names it by the ClientName of its RequestRegisterClient
 * (its role by ClientType), else `client-<n>`.
 */

const ROLES: readonly Role[] = ['InteractionServer', 'StatServer', 'URS', 'TServer', 'IVRServer', 'IVR', 'AgentApplication', 'MediaServer'];

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLES as readonly string[]).includes(s);
}

/** PSDK InteractionClient type → the role of the GenEM models. A Proxy stands for clients of any role. */
export function roleOfClientType(clientType: unknown): Role | undefined {
  switch (clientType) {
    case 'AgentApplication':
      return 'AgentApplication';
    case 'MediaServer':
      return 'MediaServer';
    case 'ReportingEngine':
      return 'StatServer';
    default:
      return undefined;
  }
}

export interface Announced {
  name?: string;
  role?: Role;
  /** A `role` parameter that is not a known role: reported, and the peer keeps no role. */
  badRole?: string;
}

/** Reads `participant` and `role` from a request URL's query. */
export function announcedBy(url: URL): Announced {
  const out: Announced = {};
  const name = url.searchParams.get('participant');
  if (name !== null && name.trim() !== '') out.name = name;
  const role = url.searchParams.get('role');
  if (role !== null && role !== '') {
    if (isRole(role)) out.role = role;
    else out.badRole = role;
  }
  return out;
}

/** Adds the announcing query parameters to a URL. */
export function withAnnouncement(url: string, name: string, role: Role | undefined): string {
  const u = new URL(url);
  u.searchParams.set('participant', name);
  if (role) u.searchParams.set('role', role);
  return u.toString();
}
