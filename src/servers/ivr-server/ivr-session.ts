import type { Envelope } from '../../codec/envelope.ts';
import type { InboundMessage, MessageConnection } from '../../transport/types.ts';
import type { IvrConfiguration } from './ivr-configuration.ts';

/** What a session asks of the server it belongs to. */
export interface SessionHost {
  readonly config: IvrConfiguration;
  readonly initialising: boolean;
  /** T-Servers of this IVR that are not up now. */
  downTServers(ivr: string): string[];
  tserverSwitch(name: string): string | undefined;
  portUsable(ivr: string, port: string): boolean;
  agentControl(session: IvrSession, m: Envelope): void;
  /** A call the IVR reported: the host confirms it (CallStatus), through the T-Server when it rings there. */
  newCall(session: IvrSession, call: IvrCall): void;
  routeRequest(session: IvrSession, call: IvrCall, m: Envelope): void;
  endCall(session: IvrSession, call: IvrCall): void;
}

export interface IvrCall {
  callId: string;
  port: string;
  dn: string;
  userData: Record<string, unknown>;
  /** The T-Server call's ConnID, once known. */
  connId?: string;
}

/**
 * One IVR's connection to the IVR Server: its login, its calls, and what it is sent. The LoginReq's
 * CallId is the session key: messages no call caused (MonitorInfo) carry it [INFER].
 */
export class IvrSession {
  /** The IVR object it logged in as (Status OK or InitInProgress). */
  ivr: string | undefined;
  loginKey = '';
  readonly calls = new Map<string, IvrCall>();

  constructor(
    readonly conn: MessageConnection,
    private readonly host: SessionHost,
  ) {
    conn.onMessage((m) => this.onMessage(m));
  }

  send(message: string, attributes: Record<string, unknown>, referenceId?: number): void {
    const env: Envelope = referenceId === undefined ? { protocol: 'IVR', message, attributes } : { protocol: 'IVR', message, referenceId, attributes };
    this.conn.send(env);
  }

  /** MonitorInfo with one subtype; a ReqId only when it answers a request (seed 003). */
  monitor(subtype: 'Server' | 'Port' | 'Agent', fields: Record<string, unknown>, reqId?: number): void {
    this.send('MonitorInfo', { CallId: this.loginKey, [subtype]: fields }, reqId);
  }

  callError(callId: string, failedReq: string, reqId?: number, tlibErrCode?: string): void {
    this.send('CallError', { CallId: callId, FailedReq: failedReq, ...(tlibErrCode !== undefined ? { TLibErrCode: tlibErrCode } : {}) }, reqId);
  }

  private onMessage(m: InboundMessage): void {
    const e = m.envelope;
    const callId = typeof e.attributes.CallId === 'string' ? e.attributes.CallId : '';
    if (m.canonical === 'LoginReq') return this.login(e, callId);
    if (this.ivr === undefined) return this.callError(callId, 'NotAllowed', e.referenceId);
    switch (m.canonical) {
      case 'AgentControl':
        return this.host.agentControl(this, e);
      case 'NewCall':
        return this.newCall(e, callId);
      case 'CallStatus':
        return;
      default:
        break;
    }
    const call = this.calls.get(callId);
    if (call === undefined) return this.callError(callId, 'NoSuchCall', e.referenceId);
    switch (m.canonical) {
      case 'UDataSet':
        return this.uDataSet(call, e);
      case 'UDataGet':
        return this.uDataGet(call, e);
      case 'RouteRequest':
        return this.host.routeRequest(this, call, e);
      case 'EndCall':
        this.calls.delete(callId);
        return this.host.endCall(this, call);
      default:
        return this.callError(callId, 'Unknown', e.referenceId);
    }
  }

  /** LoginResp: Result × Status as protocols/ivr.ts's note says. */
  private login(e: Envelope, callId: string): void {
    const a = e.attributes;
    const config = this.host.config;
    const base = { CallId: callId, IServerVersion: config.serverVersion };
    if (a.Version !== config.protocolVersion) return this.send('LoginResp', { ...base, Result: 'InvalidProtocolVersion' });
    const name = typeof a.ClientName === 'string' ? a.ClientName : '';
    const ivr = Object.hasOwn(config.ivrs, name) ? config.ivrs[name] : undefined;
    if (ivr === undefined) return this.send('LoginResp', { ...base, Result: 'Success', Status: 'NoSuchClient' });
    this.ivr = name;
    this.loginKey = callId;
    const options = Object.keys(ivr.configOptions).length > 0 ? { ConfigOptions: ivr.configOptions } : {};
    this.send('LoginResp', { ...base, Result: 'Success', Status: this.host.initialising ? 'InitInProgress' : 'OK', ...options });
    // "No Connection" (seed 003's Server table): a T-Server this IVR uses that is down at login is reported so.
    for (const t of this.host.downTServers(name)) this.monitor('Server', serverFields(t, 'Unavailable', this.host.tserverSwitch(t)));
  }

  private newCall(e: Envelope, callId: string): void {
    const dn = typeof e.attributes.CalledNum === 'string' ? e.attributes.CalledNum : '';
    const ivr = this.host.config.ivrs[this.ivr as string];
    const port = Object.entries(ivr.ports).find(([, p]) => p.dn === dn)?.[0];
    // [INFER] a call on a DN that is not this IVR's port, or on a port made unusable, is not allowed.
    if (port === undefined || !this.host.portUsable(this.ivr as string, port)) return this.callError(callId, 'NotAllowed');
    const ud = e.attributes.UDataEx;
    const call: IvrCall = { callId, port, dn, userData: typeof ud === 'object' && ud !== null ? { ...(ud as Record<string, unknown>) } : {} };
    this.calls.set(callId, call);
    // [INFER §4.6] the call context is confirmed by the call's state on the port.
    this.host.newCall(this, call);
  }

  /** The call ended on the switch (the caller hung up): EndCall from the server (reference §4.4). */
  endedByServer(callId: string, cause: string): void {
    if (!this.calls.delete(callId)) return;
    this.send('EndCall', { CallId: callId, EndCause: cause });
  }

  private uDataSet(call: IvrCall, e: Envelope): void {
    const data = (e.attributes.UDataEx ?? {}) as Record<string, unknown>;
    const action = e.attributes.Action ?? 'Add';
    if (action === 'DeleteAll') call.userData = {};
    else if (action === 'Delete') for (const k of Object.keys(data)) delete call.userData[k];
    else Object.assign(call.userData, data);
    this.send('UDataResp', { CallId: call.callId, UDataEx: { ...call.userData } }, e.referenceId);
  }

  private uDataGet(call: IvrCall, e: Envelope): void {
    const keys = typeof e.attributes.Keys === 'string' && e.attributes.Keys !== '' ? e.attributes.Keys.split(':') : undefined;
    const data = keys === undefined ? { ...call.userData } : Object.fromEntries(keys.filter((k) => Object.hasOwn(call.userData, k)).map((k) => [k, call.userData[k]]));
    this.send('UDataResp', { CallId: call.callId, UDataEx: data }, e.referenceId);
  }
}

export function serverFields(name: string, status: 'OK' | 'Unavailable', sw: string | undefined): Record<string, unknown> {
  return { Name: name, Status: status, ...(sw !== undefined ? { Switch: sw } : {}) };
}
