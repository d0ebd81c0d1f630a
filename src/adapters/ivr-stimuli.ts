import type { Role } from '../catalog/types.ts';
import type { StimulusArgType } from './stimulus.ts';

/**
 * What a scenario asks of an IVR (the client of the IVR Server's XML protocol) and of an IVR Server,
 * as data like every other stimulus (stimulus.ts holds them all; these are kept together here).
 */
export type IvrStimulus =
  /**
   * LoginReq: `clientName` (default the participant's name), `version` (default "4.0"). Done once
   * LoginResp came, whatever it said (data: { result, status }): the flow check judges it.
   */
  | { kind: 'ivr-login'; clientName?: string; version?: string }
  /**
   * AgentControl on a port: Login (agent, queue), Logout, Ready, NotReady, or Query the agent's state.
   * Done once MonitorInfo or CallError with its ReqId came (data: { answer, status }).
   */
  | { kind: 'agent-control'; port: string; action: 'Login' | 'Logout' | 'Ready' | 'NotReady' | 'Query'; agent?: string; queue?: string }
  /** NewCall on a port DN under a CallId the IVR chooses; done once CallStatus or CallError for it came (data: { answer, event | failedReq }). */
  | { kind: 'new-call'; call: string; port: string; ani?: string; dnis?: string; userData?: Record<string, unknown> }
  /** RouteRequest for a call from a route point; done once sent (RouteResponse comes once URS has routed the call: the flow check's). */
  | { kind: 'route-request'; call: string; routeDN: string }
  /** UDataSet / UDataGet on a call; done once UDataResp or CallError came (data: { answer, userData }). */
  | { kind: 'udata-set'; call: string; userData: Record<string, unknown>; action?: string }
  | { kind: 'udata-get'; call: string; keys?: string }
  /** EndCall from the IVR; done once sent. */
  | { kind: 'end-call'; call: string; cause?: string }
  /** A GLI KeepAlive Req; done once KeepAlive Ack came. */
  | { kind: 'keep-alive' }
  /**
   * An IVR Server holds its initialisation (LoginResp says InitInProgress) or completes it (OK). A
   * reference IVR Server starts initialised.
   */
  | { kind: 'ivr-initialisation'; state: 'held' | 'complete' }
  /** A configuration change makes an IVR's port unusable, or usable again (MonitorInfo Port). */
  | { kind: 'port-usability'; ivr: string; port: string; usable: boolean }
  /** Gives an IVR Server its configuration (the IVR configuration file a feature's Background names, loaded). */
  | { kind: 'configure-ivr'; configuration: Record<string, unknown> };

export type IvrStimulusKind = IvrStimulus['kind'];

export const IVR_STIMULI: Readonly<Record<IvrStimulusKind, { roles: readonly Role[]; args: Readonly<Record<string, StimulusArgType>>; optional?: readonly string[] }>> = {
  'ivr-login': { roles: ['IVR'], args: { clientName: 'string', version: 'string' }, optional: ['clientName', 'version'] },
  'agent-control': { roles: ['IVR'], args: { port: 'string', action: 'string', agent: 'string', queue: 'string' }, optional: ['agent', 'queue'] },
  'new-call': { roles: ['IVR'], args: { call: 'string', port: 'string', ani: 'string', dnis: 'string', userData: 'kv' }, optional: ['ani', 'dnis', 'userData'] },
  'route-request': { roles: ['IVR'], args: { call: 'string', routeDN: 'string' } },
  'udata-set': { roles: ['IVR'], args: { call: 'string', userData: 'kv', action: 'string' }, optional: ['action'] },
  'udata-get': { roles: ['IVR'], args: { call: 'string', keys: 'string' }, optional: ['keys'] },
  'end-call': { roles: ['IVR'], args: { call: 'string', cause: 'string' }, optional: ['cause'] },
  'keep-alive': { roles: ['IVR'], args: {} },
  'ivr-initialisation': { roles: ['IVRServer'], args: { state: 'string' } },
  'port-usability': { roles: ['IVRServer'], args: { ivr: 'string', port: 'string', usable: 'boolean' } },
  'configure-ivr': { roles: ['IVRServer'], args: { configuration: 'kv' } },
};

export function describeIvrStimulus(s: IvrStimulus): string {
  switch (s.kind) {
    case 'ivr-login':
      return `log in to the IVR Server${s.clientName !== undefined ? ` as ${JSON.stringify(s.clientName)}` : ''}${s.version !== undefined ? ` with protocol version ${s.version}` : ''}`;
    case 'agent-control':
      return `${s.action === 'Query' ? 'query the agent' : `${s.action} the agent${s.agent ? ` ${s.agent}` : ''}`} on port ${s.port}`;
    case 'new-call':
      return `report new call ${s.call} on port ${s.port}`;
    case 'route-request':
      return `ask for call ${s.call} to be routed from ${s.routeDN}`;
    case 'udata-set':
      return `attach ${JSON.stringify(s.userData)} to call ${s.call}`;
    case 'udata-get':
      return `read the user data of call ${s.call}${s.keys ? ` (${s.keys})` : ''}`;
    case 'end-call':
      return `end call ${s.call}${s.cause ? ` (${s.cause})` : ''}`;
    case 'keep-alive':
      return 'send a GLI KeepAlive Req';
    case 'ivr-initialisation':
      return s.state === 'held' ? 'hold its initialisation' : 'complete its initialisation';
    case 'port-usability':
      return `make port ${s.port} of ${s.ivr} ${s.usable ? 'usable again' : 'unusable'}`;
    case 'configure-ivr':
      return 'take its IVR configuration';
  }
}
