import type { Role } from '../catalog/types.ts';
import type { StimulusArgType } from './stimulus.ts';

/**
 * What a scenario asks of a T-Server and of its T-Library clients (an agent's desktop, URS): the voice side.
 * Data like every other stimulus (stimulus.ts joins them all).
 */
export type VoiceStimulus =
  /** The T-Server's CTI link to the switch goes down (EventLinkDisconnected) / comes back (EventLinkConnected). */
  | { kind: 'link-down' }
  | { kind: 'link-up' }
  /** A call from outside the switch arrives at a DN of the T-Server: it rings there, or waits at a route point; done carries `{ connId }`. */
  | { kind: 'call-arrives'; dn: string; ani?: string }
  /** The caller from outside on the newest call at a DN hangs up (EventReleased to the DN's clients). */
  | { kind: 'caller-hangs-up'; dn: string }
  /** What the switch does right after an agent logs in: `Ready` or `NotReady` (a T-Server's configuration, before agents log in). */
  | { kind: 'configure-after-login'; state: string }
  /** Configure one more DN on a T-Server (`type`: Extension, ACDPosition, RoutingPoint, VoiceTreatmentPort), e.g. an IVR port. */
  | { kind: 'configure-dn'; dn: string; type: string }
  /**
   * The agent at a DN acts on the phone set, not through a T-Library client (`action`: login, logout,
   * ready, not-ready): the T-Server's clients registered there hear it, with no ReferenceID.
   */
  | { kind: 'agent-at-set'; dn: string; action: string; agent?: string }
  /**
   * A T-Library client's requests to a T-Server, each about one DN: done once the T-Server answered,
   * whatever the answer (`{ answer }`: the event, or EventError with `errorCode`) — a refusal is the
   * T-Server's part of the flow, for the checks to judge.
   */
  | { kind: 'register-dn'; dn: string }
  | { kind: 'unregister-dn'; dn: string }
  | { kind: 'agent-login'; dn: string; agent?: string; queue?: string; workMode?: string }
  | { kind: 'agent-logout'; dn: string }
  | { kind: 'agent-ready'; dn: string }
  | { kind: 'agent-not-ready'; dn: string; workMode?: string }
  | { kind: 'query-agent-state'; dn: string }
  | { kind: 'make-call'; dn: string; to: string }
  | { kind: 'answer-call'; dn: string }
  | { kind: 'release-call'; dn: string }
  /** URS sends the call waiting at a route point to a DN (RequestRouteCall); done once answered (EventRouteUsed or EventError). */
  | { kind: 'route-call'; routePoint: string; target: string };

export const VOICE_STIMULI: Readonly<Record<VoiceStimulus['kind'], { roles: readonly Role[]; args: Readonly<Record<string, StimulusArgType>>; optional?: readonly string[] }>> = {
  'link-down': { roles: ['TServer'], args: {} },
  'link-up': { roles: ['TServer'], args: {} },
  'call-arrives': { roles: ['TServer'], args: { dn: 'string', ani: 'string' }, optional: ['ani'] },
  'caller-hangs-up': { roles: ['TServer'], args: { dn: 'string' } },
  'configure-after-login': { roles: ['TServer'], args: { state: 'string' } },
  'configure-dn': { roles: ['TServer'], args: { dn: 'string', type: 'string' } },
  'agent-at-set': { roles: ['TServer'], args: { dn: 'string', action: 'string', agent: 'string' }, optional: ['agent'] },
  'register-dn': { roles: ['AgentApplication', 'URS'], args: { dn: 'string' } },
  'unregister-dn': { roles: ['AgentApplication', 'URS'], args: { dn: 'string' } },
  'agent-login': { roles: ['AgentApplication'], args: { dn: 'string', agent: 'string', queue: 'string', workMode: 'string' }, optional: ['agent', 'queue', 'workMode'] },
  'agent-logout': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'agent-ready': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'agent-not-ready': { roles: ['AgentApplication'], args: { dn: 'string', workMode: 'string' }, optional: ['workMode'] },
  'query-agent-state': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'make-call': { roles: ['AgentApplication'], args: { dn: 'string', to: 'string' } },
  'answer-call': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'release-call': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'route-call': { roles: ['URS'], args: { routePoint: 'string', target: 'string' } },
};

export function describeVoiceStimulus(s: VoiceStimulus): string {
  switch (s.kind) {
    case 'link-down':
      return 'take the CTI link to the switch down';
    case 'link-up':
      return 'bring the CTI link to the switch back';
    case 'call-arrives':
      return `let a call${s.ani ? ` from ${s.ani}` : ''} arrive at DN ${s.dn}`;
    case 'caller-hangs-up':
      return `let the caller at DN ${s.dn} hang up`;
    case 'configure-after-login':
      return `put agents in ${s.state} after login`;
    case 'configure-dn':
      return `configure DN ${s.dn} as a ${s.type}`;
    case 'agent-at-set':
      return `let ${s.agent !== undefined ? `agent ${s.agent}` : 'the agent'} at DN ${s.dn} ${s.action === 'not-ready' ? 'go not ready' : s.action === 'ready' ? 'go ready' : `log ${s.action === 'login' ? 'in' : 'out'}`} on the phone set`;
    case 'register-dn':
      return `register DN ${s.dn}`;
    case 'unregister-dn':
      return `unregister DN ${s.dn}`;
    case 'agent-login':
      return `log ${s.agent !== undefined ? `agent ${s.agent}` : 'an agent'} in at DN ${s.dn}${s.queue ? ` in queue ${s.queue}` : ''}`;
    case 'agent-logout':
      return `log the agent at DN ${s.dn} out`;
    case 'agent-ready':
      return `make the agent at DN ${s.dn} ready`;
    case 'agent-not-ready':
      return `make the agent at DN ${s.dn} not ready${s.workMode ? ` (${s.workMode})` : ''}`;
    case 'query-agent-state':
      return `ask the agent state of DN ${s.dn}`;
    case 'make-call':
      return `call DN ${s.to} from DN ${s.dn}`;
    case 'answer-call':
      return `answer the call ringing at DN ${s.dn}`;
    case 'release-call':
      return `hang up at DN ${s.dn}`;
    case 'route-call':
      return `route the call at route point ${s.routePoint} to DN ${s.target}`;
  }
}
