import { isRole, PROTOCOLS, ROLE_IDS } from '../catalog/registry.ts';
import type { PeerNamingRule, ProtocolId } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import type { Envelope } from '../codec/envelope.ts';

/**
 * How a connection's peer is named in the trace. A client announces itself with query parameters on
 * the URL — `ws://host:port/path?participant=<name>&role=<Role>` — which is how the harness names a
 * SUT it gave that URL to. Without them, the first message names it by its protocol's naming rule
 * (the catalog registry's: RequestRegisterClient's ClientName and ClientType on Interaction
 * Management), else it is `client-<n>`.
 */

export interface Announced {
  name?: string;
  role?: Role;
  /** A `role` parameter that is not a known role: reported, and the peer keeps no role. */
  badRole?: string;
}

/** Reads `participant` and `role` from a request URL's query. */
export function announcedBy(url: { readonly searchParams: URLSearchParams }): Announced {
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

export function unknownRoleText(role: string): string {
  return `unknown role "${role}" in the connection URL's role parameter; known roles: ${ROLE_IDS.join(', ')}`;
}

/** Adds the announcing query parameters to a URL. */
export function withAnnouncement(url: string, name: string, role: Role | undefined): string {
  const u = new URL(url);
  u.searchParams.set('participant', name);
  if (role) u.searchParams.set('role', role);
  return u.toString();
}

/** The naming rules of the protocols a face carries, from the registry. */
export function namingRulesFor(protocols: readonly ProtocolId[]): PeerNamingRule[] {
  const rules: PeerNamingRule[] = [];
  for (const p of protocols) {
    const rule = (PROTOCOLS[p] as { naming?: PeerNamingRule }).naming;
    if (rule) rules.push(rule);
  }
  return rules;
}

/** The name (and role) a first message gives its sender under these rules, if any. */
export function nameFromFirstMessage(first: Envelope, rules: readonly PeerNamingRule[]): { name: string; role?: Role } | undefined {
  for (const rule of rules) {
    if (first.message !== rule.message) continue;
    const name = first.attributes[rule.nameAttribute];
    if (typeof name !== 'string' || name.trim() === '') continue;
    const roleValue = rule.roleAttribute !== undefined ? first.attributes[rule.roleAttribute] : undefined;
    const role = typeof roleValue === 'string' ? rule.roles?.[roleValue] : undefined;
    return isRole(role) ? { name, role } : { name };
  }
  return undefined;
}
