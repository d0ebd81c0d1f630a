import { faceReachedBy, ROLE_LABELS } from '../../catalog/registry.ts';
import type { Role } from '../../catalog/types.ts';
import type { Endpoint, WireObserver } from '../../transport/types.ts';
import { AdapterError } from '../adapter.ts';
import type { StartContext } from '../adapter.ts';

/** The one server a reference client connects to: its URL for this client's face, its name, and who records. */
export interface ServerLink {
  url: string;
  peer: Endpoint;
  /** Given when this client is the recording end (the server is external). */
  observer: WireObserver | undefined;
}

export function serverLink(ctx: StartContext, name: string, role: Role): ServerLink {
  const target = ctx.reach[0];
  if (!target || ctx.reach.length > 1) {
    throw new AdapterError(`${name} (${ROLE_LABELS[role]}) connects to exactly one server; it was given ${ctx.reach.length === 0 ? 'none' : ctx.reach.map((r) => r.name).join(', ')}`);
  }
  return linkTo(target, name, role, ctx);
}

/**
 * Every server a client connects to, in the order the scenario named them (an agent application's
 * primary Interaction Server first, GenEM Login/Logout; a reporting engine connects to each, GenEM
 * Reporting Engine Connects). At least one.
 */
export function serverLinks(ctx: StartContext, name: string, role: Role): ServerLink[] {
  if (ctx.reach.length === 0) throw new AdapterError(`${name} (${ROLE_LABELS[role]}) connects to at least one server; it was given none`);
  return ctx.reach.map((target) => linkTo(target, name, role, ctx));
}

function linkTo(target: StartContext['reach'][number], name: string, role: Role, ctx: StartContext): ServerLink {
  const face = faceReachedBy(role, target.role);
  const url = face !== undefined ? target.endpoints[face] : undefined;
  if (url === undefined) {
    const offered = Object.keys(target.endpoints).join(', ') || 'none';
    throw new AdapterError(`${name} (${ROLE_LABELS[role]}) cannot connect to ${target.name} (${ROLE_LABELS[target.role]}): it needs the ${face ?? '?'} face, and ${target.name} offers ${offered}`);
  }
  return { url, peer: { name: target.name, role: target.role }, observer: target.record ? ctx.observer : undefined };
}
