import type { Catalog } from '../../catalog/catalog.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { AgentStates } from './agent-state.ts';
import type { Calls } from './calls.ts';
import type { DnConfig, TServerConfig } from './config.ts';
import { TErr, TServerError } from './errors.ts';
import type { Registrations } from './registrations.ts';

/** What the T-Library face works on: one per started T-Server. */
export interface TServerContext {
  name: string;
  catalog: Catalog;
  config: TServerConfig;
  dns: Map<string, DnConfig>;
  registrations: Registrations;
  agents: AgentStates;
  calls: Calls;
  /** The simulated CTI link to the switch. */
  link: { up: boolean };
}

/** The request being answered: its connection and ReferenceID. */
export interface Requester {
  conn: MessageConnection;
  referenceId: number | undefined;
}

/**
 * Sends an event about `dn` to every client registered on it. The requester's copy echoes its
 * ReferenceID; the others' carry none (unsolicited copies, reference §3.4). A requester not registered
 * on the DN still gets its answer.
 */
export function publish(ctx: TServerContext, dn: string, message: string, attributes: Record<string, unknown>, requester?: Requester): void {
  const to = ctx.registrations.on(dn);
  if (requester && !to.includes(requester.conn)) to.unshift(requester.conn);
  for (const conn of to) {
    const answers = requester !== undefined && conn === requester.conn && requester.referenceId !== undefined;
    conn.send({ protocol: 'TLibrary', message, ...(answers ? { referenceId: requester.referenceId } : {}), attributes });
  }
}

/** Sends an answer to the requester only. */
export function reply(r: Requester, message: string, attributes: Record<string, unknown>): void {
  r.conn.send({ protocol: 'TLibrary', message, ...(r.referenceId !== undefined ? { referenceId: r.referenceId } : {}), attributes });
}

export function configuredDn(ctx: TServerContext, dn: string): DnConfig {
  const d = ctx.dns.get(dn);
  if (!d) throw new TServerError(TErr.NotConfigured, `DN ${dn} is not configured on ${ctx.name} (DNs: ${[...ctx.dns.keys()].join(', ')})`);
  return d;
}

/** A request that acts on the switch through a DN: configured, registered by this client, link up. */
export function controlledDn(ctx: TServerContext, conn: MessageConnection, dn: string): DnConfig {
  const d = configuredDn(ctx, dn);
  if (!ctx.registrations.has(dn, conn)) throw new TServerError(TErr.NotRegistered, `DN ${dn} is not registered by this client: send RequestRegisterAddress first`);
  if (!ctx.link.up) throw new TServerError(TErr.NoSwitch, `the CTI link to the switch is down: ${ctx.name} cannot act on DN ${dn}`);
  return d;
}
