import { TErr, TServerError } from './errors.ts';

/**
 * The basic call model of reference §2.18 as a pure state machine: calls, their parties, and the
 * events each step produces (which DN hears which event). No sockets: the T-Server sends what it
 * returns. Route points hold a call until URS routes it (GenEM CallRoutingEvents).
 */

export type PartyState = 'Dialing' | 'Ringing' | 'Established' | 'AtRoutePoint';

export interface Party {
  dn: string;
  role: 'Origination' | 'Destination';
  state: PartyState;
}

export interface Call {
  connId: string;
  callId: number;
  type: 'Internal' | 'Inbound';
  /** The calling number of a call from outside the switch; its other party is not a DN. */
  ani?: string;
  dnis?: string;
  /** The route point it came through. */
  routePoint?: string;
  parties: Party[];
}

/** One event to send about one DN. `answers`: it answers the request being carried out (echoes its ReferenceID). */
export interface CallEvent {
  dn: string;
  message: 'EventDialing' | 'EventRinging' | 'EventEstablished' | 'EventReleased' | 'EventRouteRequest' | 'EventRouteUsed';
  attributes: Record<string, unknown>;
  answers: boolean;
}

export class Calls {
  private readonly calls = new Map<string, Call>();
  private next = 1;

  /** `connIdPrefix`: 4 hex digits, so two T-Servers in one trace never share a ConnID. */
  constructor(private readonly connIdPrefix = '006f') {}

  all(): Call[] {
    return [...this.calls.values()].map((c) => ({ ...c, parties: c.parties.map((p) => ({ ...p })) }));
  }

  /** The newest call with a party at `dn`, for stimuli that name a DN and not a ConnID. */
  at(dn: string): Call | undefined {
    return [...this.calls.values()].reverse().find((c) => c.parties.some((p) => p.dn === dn));
  }

  /** A call from outside the switch arrives at `dn`: it rings there, or waits at a route point for URS. */
  arrive(dn: string, opts: { ani: string; routePoint: boolean }): { call: Call; events: CallEvent[] } {
    const call = this.create('Inbound', { ani: opts.ani, dnis: dn });
    if (opts.routePoint) {
      call.routePoint = dn;
      call.parties.push({ dn, role: 'Destination', state: 'AtRoutePoint' });
      return { call, events: [{ dn, message: 'EventRouteRequest', answers: false, attributes: { ...ids(call), ThisDN: dn, ThisQueue: dn, ANI: opts.ani, DNIS: dn, OtherDN: opts.ani, OtherDNRole: 'Origination' } }] };
    }
    const party: Party = { dn, role: 'Destination', state: 'Ringing' };
    call.parties.push(party);
    return { call, events: [this.partyEvent(call, party, 'EventRinging', false, { CallState: 'Ok' })] };
  }

  /** URS routes the call waiting at route point `rp` to `target` (RequestRouteCall): EventRouteUsed, then it rings there. */
  route(connId: string, rp: string, target: string): CallEvent[] {
    const call = this.calls.get(connId);
    const at = call?.parties.find((p) => p.dn === rp && p.state === 'AtRoutePoint');
    if (!call || !at) throw new TServerError(TErr.InvalidConnId, `no call ${connId} waits at route point ${rp}`);
    call.parties.splice(call.parties.indexOf(at), 1);
    const party: Party = { dn: target, role: 'Destination', state: 'Ringing' };
    call.parties.push(party);
    return [
      { dn: rp, message: 'EventRouteUsed', answers: true, attributes: { ...ids(call), ThisDN: rp, ThisQueue: rp, ThirdPartyDN: target, ThirdPartyDNRole: 'Destination', ...(call.ani ? { ANI: call.ani } : {}), DNIS: rp } },
      this.partyEvent(call, party, 'EventRinging', false, { CallState: 'Ok' }),
    ];
  }

  /** `from` calls `to` (RequestMakeCall): EventDialing at `from`, EventRinging at `to` (§2.18 steps 1–2). */
  make(from: string, to: string): { call: Call; events: CallEvent[] } {
    const call = this.create('Internal', {});
    const a: Party = { dn: from, role: 'Origination', state: 'Dialing' };
    const b: Party = { dn: to, role: 'Destination', state: 'Ringing' };
    call.parties.push(a, b);
    return { call, events: [this.partyEvent(call, a, 'EventDialing', true), this.partyEvent(call, b, 'EventRinging', false, { CallState: 'Ok' })] };
  }

  /** `dn` answers (RequestAnswerCall): EventEstablished at the other party, then there (§2.18 steps 3–4). */
  answer(dn: string, connId: string): CallEvent[] {
    const { call, party } = this.partyAt(dn, connId);
    if (party.state !== 'Ringing') throw new TServerError(TErr.InvalidConnId, `call ${connId} is not ringing at DN ${dn}`);
    // §2.18's order: the calling party hears EventEstablished (step 3), then the answering one (step 4).
    const events: CallEvent[] = [];
    for (const other of call.parties) {
      if (other === party) continue;
      other.state = 'Established';
      events.push(this.partyEvent(call, other, 'EventEstablished', false));
    }
    party.state = 'Established';
    events.push(this.partyEvent(call, party, 'EventEstablished', true));
    return events;
  }

  /** `dn` hangs up (RequestReleaseCall): EventReleased there and at every other party; the call ends (two parties). */
  release(dn: string, connId: string): CallEvent[] {
    const { call, party } = this.partyAt(dn, connId);
    this.calls.delete(connId);
    return [this.partyEvent(call, party, 'EventReleased', true, { CallState: 'Ok' }), ...call.parties.filter((p) => p !== party).map((p) => this.partyEvent(call, p, 'EventReleased', false, { CallState: 'Ok' }))];
  }

  /** The caller from outside hangs up: every party still on the call hears EventReleased. */
  hangUp(connId: string): CallEvent[] {
    const call = this.calls.get(connId);
    if (!call) throw new TServerError(TErr.InvalidConnId, `no call ${connId}`);
    this.calls.delete(connId);
    return call.parties.filter((p) => p.state !== 'AtRoutePoint').map((p) => this.partyEvent(call, p, 'EventReleased', false, { CallState: 'Ok' }));
  }

  private create(type: Call['type'], extra: Partial<Call>): Call {
    const n = this.next++;
    const call: Call = { connId: `${this.connIdPrefix}${n.toString(16).padStart(12, '0')}`, callId: n, type, parties: [], ...extra };
    this.calls.set(call.connId, call);
    return call;
  }

  private partyAt(dn: string, connId: string): { call: Call; party: Party } {
    const call = this.calls.get(connId);
    const party = call?.parties.find((p) => p.dn === dn);
    if (!call || !party) throw new TServerError(TErr.InvalidConnId, `DN ${dn} is on no call ${connId}`);
    return { call, party };
  }

  private partyEvent(call: Call, party: Party, message: CallEvent['message'], answers: boolean, extra: Record<string, unknown> = {}): CallEvent {
    const other = call.parties.find((p) => p !== party && p.state !== 'AtRoutePoint');
    const otherDn = other?.dn ?? call.ani;
    const attributes: Record<string, unknown> = {
      ...ids(call),
      ThisDN: party.dn,
      ThisDNRole: party.role,
      ...(otherDn !== undefined ? { OtherDN: otherDn, OtherDNRole: party.role === 'Origination' ? 'Destination' : 'Origination' } : {}),
      ...(call.routePoint !== undefined ? { ThisQueue: call.routePoint } : {}),
      ...(call.ani !== undefined ? { ANI: call.ani } : {}),
      ...(call.dnis !== undefined ? { DNIS: call.dnis } : {}),
      ...extra,
    };
    return { dn: party.dn, message, attributes, answers };
  }
}

function ids(call: Call): Record<string, unknown> {
  return { ConnID: call.connId, CallID: call.callId, CallType: call.type };
}
