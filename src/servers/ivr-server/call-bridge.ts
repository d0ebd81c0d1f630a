import type { Envelope } from '../../codec/envelope.ts';
import type { IvrCall, IvrSession } from './ivr-session.ts';
import type { TServerLink } from './tserver-link.ts';

/**
 * An IVR's calls as the T-Server sees them (reference §4.6 [INFER], behind-the-switch): a call rings
 * at a port's DN; the IVR's NewCall for that DN answers it (RequestAnswerCall) and EventEstablished
 * becomes CallStatus Established; RouteRequest makes a call from the port to the route point
 * (RequestMakeCall), where URS routes it, and EventRouteUsed becomes RouteResponse; the caller hanging
 * up becomes CallStatus Released and EndCall. Without a T-Server call at the port (no T-Server, or the
 * IVR reported the call first) the call context is confirmed at once.
 */
export class CallBridge {
  /** Port DN → ConnIDs ringing there, oldest first, not yet claimed by a NewCall. */
  private readonly ringing = new Map<string, string[]>();
  /** ConnID → the IVR call it is. */
  private readonly byConnId = new Map<string, { session: IvrSession; call: IvrCall }>();
  /** `<tserver>/<referenceId>` of a RequestAnswerCall / RequestMakeCall → its call. */
  private readonly requests = new Map<string, { kind: 'answer' | 'route'; session: IvrSession; call: IvrCall; reqId?: number }>();
  /** ConnID of a routing call (the port's call to the route point) → the IVR call it routes. */
  private readonly routing = new Map<string, { session: IvrSession; call: IvrCall }>();

  newCall(session: IvrSession, call: IvrCall, link: TServerLink | undefined): void {
    const waiting = this.ringing.get(call.dn);
    const connId = waiting?.shift();
    if (connId === undefined || !link?.up) return session.send('CallStatus', { CallId: call.callId, Event: 'Established' });
    call.connId = connId;
    this.byConnId.set(connId, { session, call });
    const ref = link.request('RequestAnswerCall', { ThisDN: call.dn, ConnID: connId });
    this.requests.set(`${link.name}/${ref}`, { kind: 'answer', session, call });
  }

  route(session: IvrSession, call: IvrCall, routeDN: string, link: TServerLink, reqId: number | undefined): void {
    const ref = link.request('RequestMakeCall', { ThisDN: call.dn, OtherDN: routeDN, ...(Object.keys(call.userData).length ? { UserData: { ...call.userData } } : {}) });
    this.requests.set(`${link.name}/${ref}`, { kind: 'route', session, call, ...(reqId !== undefined ? { reqId } : {}) });
  }

  endCall(call: IvrCall, link: TServerLink | undefined): void {
    if (call.connId === undefined) return;
    this.byConnId.delete(call.connId);
    if (link?.up) link.request('RequestReleaseCall', { ThisDN: call.dn, ConnID: call.connId });
  }

  /** A T-Server event; true when it was about one of these calls. */
  onEvent(link: TServerLink, e: Envelope, ref: number | undefined, isPortDn: (dn: string) => boolean): boolean {
    const a = e.attributes;
    const connId = typeof a.ConnID === 'string' ? a.ConnID : undefined;
    const dn = typeof a.ThisDN === 'string' ? a.ThisDN : undefined;
    const req = ref === undefined ? undefined : this.requests.get(`${link.name}/${ref}`);
    if (req !== undefined) {
      this.requests.delete(`${link.name}/${ref}`);
      if (e.message === 'EventError') {
        req.session.callError(req.call.callId, req.kind === 'route' ? 'Unknown' : 'NoSuchCall', req.reqId, a.ErrorCode === undefined ? undefined : String(a.ErrorCode));
        return true;
      }
      if (req.kind === 'answer') req.session.send('CallStatus', { CallId: req.call.callId, Event: 'Established' });
      else if (connId !== undefined) this.routing.set(connId, { session: req.session, call: req.call });
      return true;
    }
    if (connId === undefined) return false;
    if (e.message === 'EventRouteUsed') {
      const r = this.routing.get(connId);
      if (r === undefined) return false;
      this.routing.delete(connId);
      // RouteType "present only if supplied by URS" (GenEM): the T-Library RouteType is not an IVR one, so none [INFER].
      const dest = a.ThirdPartyDN ?? a.OtherDN;
      r.session.send('RouteResponse', { CallId: r.call.callId, ...(dest !== undefined ? { Dest: String(dest) } : {}) });
      return true;
    }
    if (dn === undefined || !isPortDn(dn)) return false;
    if (e.message === 'EventRinging') {
      this.ringing.set(dn, [...(this.ringing.get(dn) ?? []), connId]);
      return true;
    }
    if (e.message === 'EventReleased') {
      this.ringing.set(dn, (this.ringing.get(dn) ?? []).filter((c) => c !== connId));
      const c = this.byConnId.get(connId);
      if (c === undefined) return true;
      this.byConnId.delete(connId);
      c.session.send('CallStatus', { CallId: c.call.callId, Event: 'Released' });
      c.session.endedByServer(c.call.callId, 'Released');
      return true;
    }
    return false;
  }
}
