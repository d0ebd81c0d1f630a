import type { Envelope } from '../../codec/envelope.ts';
import type { CallEvent } from './calls.ts';
import { configuredDn, controlledDn, publish, reply } from './context.ts';
import type { Requester, TServerContext } from './context.ts';
import { TErr, TServerError } from './errors.ts';

/** RequestMakeCall / RequestAnswerCall / RequestReleaseCall (reference §2.18). */
export function callRequest(ctx: TServerContext, r: Requester, env: Envelope): void {
  const a = env.attributes;
  const dn = a.ThisDN as string;
  controlledDn(ctx, r.conn, dn);
  if (env.message === 'RequestMakeCall') {
    const to = a.OtherDN as string;
    configuredDn(ctx, to);
    return send(ctx, ctx.calls.make(dn, to).events, r);
  }
  const connId = a.ConnID as string;
  send(ctx, env.message === 'RequestAnswerCall' ? ctx.calls.answer(dn, connId) : ctx.calls.release(dn, connId), r);
}

/**
 * RequestRouteCall from URS: the call waiting at route point ThisDN goes to OtherDN. EventRouteUsed
 * answers URS (ReferenceID echoed), then the call rings at the destination (GenEM CallRoutingEvents).
 */
export function routeCall(ctx: TServerContext, r: Requester, env: Envelope): void {
  const a = env.attributes;
  const missing = ['ThisDN', 'ConnID', 'OtherDN'].filter((k) => typeof a[k] !== 'string');
  if (missing.length > 0) throw new TServerError(TErr.InvalidAttribute, `RequestRouteCall to a T-Server names the route point (ThisDN), the call (ConnID) and the destination (OtherDN); missing: ${missing.join(', ')}`);
  const rp = configuredDn(ctx, a.ThisDN as string);
  if (rp.type !== 'RoutingPoint') throw new TServerError(TErr.InvalidAttribute, `DN ${rp.dn} is not a route point`);
  configuredDn(ctx, a.OtherDN as string);
  if (!ctx.link.up) throw new TServerError(TErr.NoSwitch, `the CTI link to the switch is down: ${ctx.name} cannot route`);
  for (const e of ctx.calls.route(a.ConnID as string, rp.dn, a.OtherDN as string)) {
    if (e.message === 'EventRouteUsed') reply(r, e.message, e.attributes);
    else publish(ctx, e.dn, e.message, e.attributes);
  }
}

/** Sends a call step's events: the answering one to the requester with its ReferenceID, every one to the DN's clients. */
export function send(ctx: TServerContext, events: readonly CallEvent[], r?: Requester): void {
  for (const e of events) publish(ctx, e.dn, e.message, e.attributes, e.answers ? r : undefined);
}
