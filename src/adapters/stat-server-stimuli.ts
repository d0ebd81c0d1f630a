import type { Role } from '../catalog/types.ts';
import type { StimulusArgType } from './stimulus.ts';

/**
 * What a scenario asks of a Stat Server (its capacity, publishing its media-channel actions) and the agent's
 * requests the media-channel actions need (media added and removed, do-not-disturb, intrusion, coaching, a response).
 * Data like every other stimulus (stimulus.ts joins them all).
 */
export type StatServerStimulus =
  /**
   * Ask a Stat Server what it computes for an agent (reference §5.1): done carries `{ vectors: { media:
   * "[R 1 3 2]" } | null (not logged in anywhere it follows), rule, via }` — a question, nothing is sent
   * on the wire. A Stat Server under test that cannot say answers unsupported (the step is inconc).
   */
  | { kind: 'capacity'; agent: string }
  // The flows the media-channel actions need, and publishing them (issue 10, items 3–4).
  /**
   * A Stat Server publishes the media-channel actions it derives (StatActions, flowcert's own protocol) to
   * the harness's actions observer, from now on; the durable ones in progress first.
   */
  | { kind: 'publish-actions' }
  /** The logged-in agent adds or removes a media (RequestAddMedia / RequestRemoveMedia); done once answered, whatever the answer. */
  | { kind: 'add-media'; media: string }
  | { kind: 'remove-media'; media: string }
  /** Do-not-disturb on or off (RequestDoNotDisturbOn / Off); done once answered, whatever the answer. */
  | { kind: 'do-not-disturb'; on: boolean }
  /**
   * A supervisor's desktop joins an interaction another agent handles, unasked (RequestIntrude) as a full
   * party (Conference), a coach (Coach) or a silent monitor (Monitor); done once answered, whatever the answer.
   */
  | { kind: 'intrude'; interaction: string; visibility: string }
  /** The handling agent asks a supervisor to coach it (RequestConference with VisibilityMode Coach); sent, like conference. */
  | { kind: 'request-coaching'; interaction: string; agent: string; place?: string }
  /** The handling agent sends a response: a new Outbound interaction whose parent is the one it handles (RequestSubmit with ParentInteractionId), of `mediaType` (default email); done with `{ response }`, its id. */
  | { kind: 'send-response'; interaction: string; mediaType?: string };

export const STAT_SERVER_STIMULI: Readonly<Record<StatServerStimulus['kind'], { roles: readonly Role[]; args: Readonly<Record<string, StimulusArgType>>; optional?: readonly string[] }>> = {
  capacity: { roles: ['StatServer'], args: { agent: 'string' } },
  'publish-actions': { roles: ['StatServer'], args: {} },
  'add-media': { roles: ['AgentApplication'], args: { media: 'string' } },
  'remove-media': { roles: ['AgentApplication'], args: { media: 'string' } },
  'do-not-disturb': { roles: ['AgentApplication'], args: { on: 'boolean' } },
  intrude: { roles: ['AgentApplication'], args: { interaction: 'string', visibility: 'string' } },
  'request-coaching': { roles: ['AgentApplication'], args: { interaction: 'string', agent: 'string', place: 'string' }, optional: ['place'] },
  'send-response': { roles: ['AgentApplication'], args: { interaction: 'string', mediaType: 'string' }, optional: ['mediaType'] },
};

export function describeStatServerStimulus(s: StatServerStimulus): string {
  switch (s.kind) {
    case 'capacity':
      return `tell the capacity of agent ${s.agent}`;
    case 'publish-actions':
      return 'publish its media-channel actions';
    case 'add-media':
      return `add media ${s.media}`;
    case 'remove-media':
      return `remove media ${s.media}`;
    case 'do-not-disturb':
      return `turn do-not-disturb ${s.on ? 'on' : 'off'}`;
    case 'intrude':
      return `intrude on interaction ${s.interaction} as ${s.visibility}`;
    case 'request-coaching':
      return `ask agent ${s.agent}${s.place ? ` at place ${s.place}` : ''} to coach on interaction ${s.interaction}`;
    case 'send-response':
      return `send a response to interaction ${s.interaction}`;
  }
}
